package io.tenantcache.micrometer;

import static io.tenantcache.testing.ObservabilityFixture.platform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.testing.IsolatingClassLoader;
import io.tenantcache.testing.ObservabilityFixture;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Micrometer and resilience4j-micrometer are optional dependencies: the provider, loaded by a
 * class loader that cannot see them, works (statistics, MXBeans, the per-tenant MBean) and never
 * even asks for a Micrometer class unless a manager turns metrics on, and then says what is
 * missing.
 */
final class MicrometerOptionalTest {

  private static CachingProvider provider(ClassLoader loader) throws Exception {
    return (CachingProvider) loader.loadClass(TenantCachingProvider.class.getName())
        .getConstructor().newInstance();
  }

  private static void runAs(ClassLoader loader, String tenant, Runnable task) throws Exception {
    loader.loadClass(Tenants.class.getName()).getMethod("run", String.class, Runnable.class)
        .invoke(null, tenant, task);
  }

  @Test
  void withoutMicrometer_theProviderWorks_andNeverAsksForAMicrometerClass() throws Exception {
    IsolatingClassLoader loader = withoutMicrometer();
    CachingProvider provider = provider(loader);
    assertThat(provider.getClass().getClassLoader()).isSameAs(loader);
    URI uri = URI.create("urn:tenantcache:no-micrometer-" + UUID.randomUUID());
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.MANAGEMENT_TENANT_TABLE_SIZE, "5");
    properties.setProperty(TenantCacheProperties.METRICS_TENANT_TAG, "true");
    try {
      CacheManager manager = provider.getCacheManager(uri, loader, properties);
      Cache<String, String> cache = manager.createCache("users",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setStatisticsEnabled(true).setManagementEnabled(true));
      runAs(loader, "acme", () -> {
        cache.put("k", "v");
        cache.get("k");
      });

      String sanitized = ObservabilityFixture.sanitize(uri.toString());
      ObjectName tenants = new ObjectName("io.tenantcache:type=TenantStatistics,CacheManager="
          + sanitized + ",Cache=users");
      assertThat((String[]) platform().getAttribute(tenants, "Tenants")).containsExactly("acme");
      assertThat(platform().getAttribute(tenants, "TenantTableLimit")).isEqualTo(5);
      assertThat(platform().getAttribute(new ObjectName("javax.cache:type=CacheStatistics,"
          + "CacheManager=" + sanitized + ",Cache=users"), "CacheHits")).isEqualTo(1L);
      manager.close();
      assertThat(platform().isRegistered(tenants)).isFalse();
    } finally {
      provider.close();
    }
    assertThat(loader.refused()).isEmpty();
  }

  @Test
  void withoutMicrometer_turningMetricsOn_failsNamingTheMissingDependency() throws Exception {
    IsolatingClassLoader loader = withoutMicrometer();
    CachingProvider provider = provider(loader);
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.METRICS_ENABLED, "true");
    try {
      assertThatThrownBy(() -> provider.getCacheManager(
              URI.create("urn:tenantcache:no-micrometer-on"), loader, properties))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("io.micrometer:micrometer-core")
          .hasMessageContaining(TenantCacheProperties.METRICS_ENABLED);
    } finally {
      provider.close();
    }
    assertThat(loader.refused()).isNotEmpty();
  }

  /** Defines TenantCache's classes itself and refuses every Micrometer class. */
  private static IsolatingClassLoader withoutMicrometer() {
    return new IsolatingClassLoader("without-micrometer",
        MicrometerOptionalTest.class.getClassLoader(), name -> name.startsWith("io.tenantcache."),
        name -> name.startsWith("io.micrometer.")
            || name.startsWith("io.github.resilience4j.micrometer."));
  }
}
