package io.tenantcache.spring.boot;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import io.tenantcache.spi.TenantCachingProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import javax.cache.Caching;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Auto-configuration of TenantCache: a TenantCache JCache {@code javax.cache.CacheManager} set up
 * from the {@code tenantcache.*} properties ({@link TenantCacheBootProperties}), a {@code
 * TenantResolver} bean if there is one and the {@link TenantCacheManagerCustomizer} beans; with
 * {@code @EnableCaching} and no Spring {@code CacheManager} of the application's own, a {@link
 * TenantSpringCacheManager} over it (so Spring
 * Boot's own cache auto-configuration, which runs after this one, backs off); and in a servlet web
 * application with {@code tenantcache.tenancy.header} set, the {@link TenantHeaderFilter}.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({Caching.class, TenantCachingProvider.class})
@EnableConfigurationProperties(TenantCacheBootProperties.class)
public class TenantCacheAutoConfiguration {
  /**
   * The JCache manager, closed with the application context. Its URI is the application context's
   * own ({@code urn:tenantcache:spring-boot:<context id>:<n>}), so that two contexts in one class
   * loader (tests, for one) never share a manager and its settings.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(javax.cache.CacheManager.class)
  public javax.cache.CacheManager tenantCacheJCacheManager(TenantCacheBootProperties properties,
      ObjectProvider<TenantResolver> tenantResolver,
      ObjectProvider<TenantCacheManagerCustomizer> customizers, ApplicationContext context) {
    Properties managerProperties = new Properties();
    TenantCacheBootProperties.Tenancy tenancy = properties.tenancy();
    managerProperties.setProperty(TenantCacheProperties.MISSING_TENANT,
        tenancy.missingTenant().name().toLowerCase(Locale.ROOT));
    managerProperties.setProperty(TenantCacheProperties.DEFAULT_TENANT, tenancy.defaultTenant());
    tenantResolver.ifUnique(resolver ->
        managerProperties.put(TenantCacheProperties.TENANT_RESOLVER, resolver));
    customizers.orderedStream().forEach(customizer -> customizer.customize(managerProperties));
    ClassLoader classLoader = context.getClassLoader();
    URI uri = URI.create("urn:tenantcache:spring-boot:" + sanitize(context.getId()) + ":"
        + Integer.toHexString(System.identityHashCode(context)));
    return Caching.getCachingProvider(TenantCachingProvider.class.getName(), classLoader)
        .getCacheManager(uri, classLoader, managerProperties);
  }

  private static String sanitize(@Nullable String contextId) {
    return (contextId == null) ? "application" : contextId.replaceAll("[^A-Za-z0-9.-]", "-");
  }

  /** The Spring cache manager, where caching is enabled and the application has none. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(org.springframework.cache.CacheManager.class)
  @ConditionalOnBean(CacheAspectSupport.class)
  @ConditionalOnMissingBean(org.springframework.cache.CacheManager.class)
  static class SpringCacheConfiguration {
    @Bean
    TenantSpringCacheManager cacheManager(javax.cache.CacheManager tenantCacheJCacheManager) {
      return new TenantSpringCacheManager(tenantCacheJCacheManager, true);
    }
  }

  /** The tenant filter of a servlet web application that names a tenant header. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(OncePerRequestFilter.class)
  @ConditionalOnProperty(TenantCacheBootProperties.PREFIX + ".tenancy.header")
  static class TenantFilterConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TenantHeaderFilter tenantHeaderFilter(TenantCacheBootProperties properties) {
      TenantCacheBootProperties.Tenancy tenancy = properties.tenancy();
      String header = Objects.requireNonNull(tenancy.header(), "tenancy.header");
      return new TenantHeaderFilter(header, tenancy.missingTenant());
    }
  }
}
