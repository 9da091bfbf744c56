package io.tenantcache.spring.boot.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.spring.boot.TenantCacheAutoConfiguration;
import io.tenantcache.spring.boot.TenantCacheBootProperties;
import io.tenantcache.spring.boot.TenantCacheManagerCustomizer;
import io.tenantcache.spring.boot.TenantCacheMetricsProperties;
import java.time.Duration;
import java.util.ArrayList;
import javax.cache.Caching;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.metrics.JCacheCacheMeterBinderProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TenantCache's meters in Spring Boot's {@link MeterRegistry}: the auto-configured TenantCache
 * manager gets the application's registry and the {@code tenantcache.metrics.*} settings, and
 * binds {@code cache.gets}, {@code cache.puts}, ... (tagged {@code tenant} unless {@code
 * tenantcache.metrics.tenant-tag=false}) for each of its caches, the caches created later
 * included, as well as its cluster's and Resilience4j's meters. Boot's own cache metrics never
 * bind TenantCache's Spring caches ({@code TenantSpringCache} has no binder provider); where an
 * application wraps TenantCache's caches in Spring's {@code JCacheCacheManager}, this replaces
 * Boot's JCache binder provider with one that leaves out the caches whose manager binds its own
 * meters, so Prometheus sees one set of tags per meter name. Off with {@code
 * tenantcache.metrics.enabled=false}.
 */
@AutoConfiguration(after = TenantCacheAutoConfiguration.class, beforeName =
    "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, Caching.class, TenantCachingProvider.class})
@ConditionalOnProperty(prefix = TenantCacheBootProperties.PREFIX + ".metrics", name = "enabled",
    matchIfMissing = true)
@EnableConfigurationProperties(TenantCacheBootProperties.class)
public class TenantCacheMetricsAutoConfiguration {
  /**
   * Hands the application's registry (when there is one; its primary one when there are several)
   * and the metrics settings to the TenantCache manager as it opens. Without a registry, the
   * manager binds no meters.
   */
  @Bean
  TenantCacheManagerCustomizer tenantCacheMeterRegistry(
      ObjectProvider<MeterRegistry> registry, TenantCacheBootProperties properties) {
    return managerProperties -> {
      MeterRegistry available = registry.getIfAvailable();
      if (available == null) {
        return;
      }
      TenantCacheMetricsProperties metrics = properties.metrics();
      managerProperties.put(TenantCacheProperties.METRICS_REGISTRY, available);
      managerProperties.setProperty(TenantCacheProperties.METRICS_ENABLED, "true");
      managerProperties.setProperty(TenantCacheProperties.METRICS_TENANT_TAG,
          Boolean.toString(metrics.tenantTag()));
      managerProperties.setProperty(TenantCacheProperties.METRICS_TENANT_CAP,
          Integer.toString(metrics.tenantCap()));
      managerProperties.setProperty(TenantCacheProperties.METRICS_LOAD_HISTOGRAM,
          Boolean.toString(metrics.loadHistogram()));
      if (!metrics.loadSlo().isEmpty()) {
        managerProperties.put(TenantCacheProperties.METRICS_LOAD_SLO,
            new ArrayList<Duration>(metrics.loadSlo()));
      }
    };
  }

  /** Boot's JCache binder provider, minus the caches whose TenantCache manager binds meters. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({JCacheCacheMeterBinderProvider.class, JCacheCache.class})
  static class JCacheBinderConfiguration {
    @Bean
    JCacheCacheMeterBinderProvider jCacheCacheMeterBinderProvider() {
      return new TenantCacheAwareJCacheMeterBinderProvider();
    }
  }
}
