package io.tenantcache.examples.spring;

import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.spi.TenantCachingProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's cache abstraction on TenantCache: a JCache {@link CacheManager} from the TenantCache
 * provider, with the tenant taken from the web request and calls without a tenant rejected, wrapped
 * in Spring's {@link JCacheCacheManager}.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class TenantCacheSpringConfig {
  /** The JCache manager's URI (one manager per URI and class loader). */
  public static final URI MANAGER_URI = URI.create("urn:tenantcache:spring-example");

  @Bean(destroyMethod = "close")
  public CacheManager jcacheManager() {
    Properties properties = new Properties();
    properties.put(TenantCacheProperties.TENANT_RESOLVER, new RequestTenantResolver());
    properties.setProperty(TenantCacheProperties.MISSING_TENANT,
        MissingTenantPolicy.REJECT.name().toLowerCase(Locale.ROOT));
    ClassLoader classLoader = TenantCacheSpringConfig.class.getClassLoader();
    CacheManager manager = Caching.getCachingProvider(TenantCachingProvider.class.getName(),
        classLoader).getCacheManager(MANAGER_URI, classLoader, properties);
    manager.createCache(ProductService.PRODUCTS,
        TenantCacheConfiguration.builder(Object.class, Object.class)
            .maximumSize(10_000)
            .maximumTenantShare(0.5)
            .statisticsEnabled(true)
            .build());
    return manager;
  }

  @Bean
  public JCacheCacheManager cacheManager(CacheManager jcacheManager) {
    return new JCacheCacheManager(jcacheManager);
  }

  @Bean
  public ProductCatalog productCatalog() {
    return new ProductCatalog();
  }

  @Bean
  public ProductService productService(ProductCatalog catalog) {
    return new ProductService(catalog);
  }
}
