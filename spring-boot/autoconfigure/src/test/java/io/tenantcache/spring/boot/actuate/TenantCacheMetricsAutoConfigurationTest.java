package io.tenantcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.spring.boot.TenantCacheAutoConfiguration;
import java.util.Collection;
import java.util.List;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TenantCache's meters in Boot's registry, with Boot's own cache metrics on: the settings reach
 * the manager, bad ones fail start-up, and Boot's JCache binder stays off TenantCache's caches
 * even where the application wraps them in Spring's {@link JCacheCacheManager}.
 */
final class TenantCacheMetricsAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TenantCacheAutoConfiguration.class,
          TenantCacheMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class, CacheAutoConfiguration.class,
          CacheMetricsAutoConfiguration.class));

  @Test
  void jcacheCacheManagerOverTenantCache_getsTenantCachesMetersOnly_notBootsJCacheMetrics() {
    runner.withUserConfiguration(SpringJCacheAdapter.class).run(context -> {
      assertThat(context).hasNotFailed();
      readQuotesAs(context, "acme", "globex");

      Collection<Meter> gets = context.getBean(MeterRegistry.class).find("cache.gets").meters();
      assertThat(gets).isNotEmpty().allSatisfy(meter -> {
        assertThat(meter.getId().getTag("tenant")).isNotNull();
        assertThat(meter.getId().getTag("name")).as("Boot's JCacheMetrics tag").isNull();
      });
      assertThat(gets).extracting(meter -> meter.getId().getTag("tenant"))
          .contains("acme", "globex");
    });
  }

  @Test
  void metricsOff_leavesBootsOwnJCacheMetrics_andTheManagerBindsNone() {
    runner.withUserConfiguration(SpringJCacheAdapter.class)
        .withPropertyValues("tenantcache.metrics.enabled=false").run(context -> {
          readQuotesAs(context, "acme");

          Collection<Meter> gets =
              context.getBean(MeterRegistry.class).find("cache.gets").meters();
          assertThat(gets).isNotEmpty().allSatisfy(meter -> {
            assertThat(meter.getId().getTag("name")).isEqualTo("quotes");
            assertThat(meter.getId().getTag("tenant")).isNull();
          });
        });
  }

  @Test
  void settings_reachTheManager_withBootsRegistry() {
    runner.withPropertyValues("tenantcache.metrics.tenant-tag=false",
        "tenantcache.metrics.tenant-cap=7", "tenantcache.metrics.load-slo=10ms,1s").run(context -> {
          javax.cache.CacheManager manager = context.getBean(javax.cache.CacheManager.class);
          assertThat(manager.getProperties())
              .containsEntry(TenantCacheProperties.METRICS_REGISTRY,
                  context.getBean(MeterRegistry.class))
              .containsEntry(TenantCacheProperties.METRICS_TENANT_TAG, "false")
              .containsEntry(TenantCacheProperties.METRICS_TENANT_CAP, "7")
              .containsEntry(TenantCacheProperties.METRICS_LOAD_SLO,
                  List.of(java.time.Duration.ofMillis(10), java.time.Duration.ofSeconds(1)));
        });
  }

  @Test
  void withoutAMeterRegistry_theManagerBindsNoMeters() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TenantCacheAutoConfiguration.class,
            TenantCacheMetricsAutoConfiguration.class))
        .run(context -> assertThat(context.getBean(javax.cache.CacheManager.class).getProperties())
            .doesNotContainKeys(TenantCacheProperties.METRICS_REGISTRY,
                TenantCacheProperties.METRICS_ENABLED));
  }

  @Test
  void negativeTenantCap_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.metrics.tenant-cap=-1").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("tenantcache.metrics.tenant-cap is -1");
    });
  }

  @Test
  void zeroLoadSloBucket_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.metrics.load-slo=10ms,0ms").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("tenantcache.metrics.load-slo holds PT0S");
    });
  }

  private static void readQuotesAs(AssertableApplicationContext context, String... tenants) {
    Cache quotes = context.getBean(JCacheCacheManager.class).getCache("quotes");
    assertThat(quotes).isNotNull();
    for (String tenant : tenants) {
      Tenants.run(tenant, () -> {
        quotes.get("ACME"); // miss
        quotes.put("ACME", tenant + ":ACME");
        quotes.get("ACME"); // hit
      });
    }
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  /** An application of the old recipe: Spring's JCache adapter over TenantCache's manager. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class SpringJCacheAdapter {
    @Bean
    JCacheCacheManager cacheManager(javax.cache.CacheManager tenantCacheJCacheManager) {
      tenantCacheJCacheManager.createCache("quotes",
          new MutableConfiguration<Object, Object>().setStatisticsEnabled(true));
      return new JCacheCacheManager(tenantCacheJCacheManager);
    }
  }
}
