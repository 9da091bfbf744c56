package io.tenantcache.examples.hibernate;

import io.tenantcache.spi.TenantCachingProvider;
import java.util.HashMap;
import java.util.Map;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Builds the example's Hibernate {@link SessionFactory}: database per tenant, and TenantCache as
 * the second-level cache through hibernate-jcache, configured by hibernate-tenantcache.conf.
 */
public final class LibrarySessionFactory {
  /** The TenantCache configuration file, a class path resource. */
  public static final String CACHE_CONFIGURATION = "hibernate-tenantcache.conf";

  private LibrarySessionFactory() {}

  /** Returns the settings that make TenantCache Hibernate's second-level cache. */
  public static Map<String, Object> cacheSettings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("hibernate.cache.region.factory_class", "jcache");
    settings.put("hibernate.javax.cache.provider", TenantCachingProvider.class.getName());
    settings.put("hibernate.javax.cache.uri", CACHE_CONFIGURATION);
    // Every region is declared in the file: a region missing there is a mistake, not a new cache.
    settings.put("hibernate.javax.cache.missing_cache_strategy", "fail");
    settings.put("hibernate.cache.use_second_level_cache", "true");
    settings.put("hibernate.cache.use_query_cache", "true");
    return settings;
  }

  /** Returns the multi-tenancy settings: tenants' databases and the shared tenant resolver. */
  public static Map<String, Object> tenancySettings(TenantDatabases databases) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("hibernate.multi_tenant_connection_provider", databases);
    settings.put("hibernate.tenant_identifier_resolver", new TenantContextResolver());
    return settings;
  }

  /** Builds a session factory over {@code databases}, with {@code extra} settings on top. */
  public static SessionFactory build(TenantDatabases databases, Map<String, Object> extra) {
    Configuration configuration = new Configuration()
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Book.class);
    configuration.getProperties().putAll(cacheSettings());
    configuration.getProperties().putAll(tenancySettings(databases));
    configuration.getProperties().put("hibernate.hbm2ddl.auto", "validate");
    configuration.getProperties().put("hibernate.generate_statistics", "true");
    configuration.getProperties().putAll(extra);
    return configuration.buildSessionFactory();
  }

  /** Returns the JCache manager that hibernate-jcache got from TenantCache for this factory. */
  public static CacheManager cacheManager(SessionFactory sessionFactory) {
    RegionFactory regionFactory = sessionFactory.unwrap(SessionFactoryImplementor.class)
        .getServiceRegistry().requireService(RegionFactory.class);
    return ((JCacheRegionFactory) regionFactory).getCacheManager();
  }
}
