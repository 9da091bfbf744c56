package io.tenantcache.examples.boot;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose caches are TenantCache's: {@code application.properties} names
 * the provider and {@code tenantcache.conf}, which declares the caches; Boot's auto-configuration
 * wraps the JCache manager in a {@code JCacheCacheManager}, and Actuator binds every cache's
 * metrics. The one piece of code is the tenant resolver, handed to the cache manager as a bean.
 */
@SpringBootApplication
@EnableCaching
public class QuoteApplication {
  public static void main(String[] args) {
    SpringApplication.run(QuoteApplication.class, args);
  }

  /** Where the cache finds the tenant: here the MDC, which a web filter fills per request. */
  @Bean
  public TenantResolver tenantResolver() {
    return new MdcTenantResolver();
  }

  /**
   * Passes the resolver bean to the JCache manager as it is created (properties given here win
   * over the same settings in tenantcache.conf).
   */
  @Bean
  public JCachePropertiesCustomizer tenantCacheProperties(TenantResolver tenantResolver) {
    return properties -> properties.put(TenantCacheProperties.TENANT_RESOLVER, tenantResolver);
  }
}
