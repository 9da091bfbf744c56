package io.tenantcache;

import static io.tenantcache.ObservabilityFixture.platform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.spi.TenantCachingProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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

  /** Defines TenantCache's classes itself and refuses every Micrometer class. */
  private static final class WithoutMicrometer extends ClassLoader {
    final List<String> refused = new CopyOnWriteArrayList<>();

    WithoutMicrometer() {
      super(MicrometerOptionalTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("io.micrometer.")
            || name.startsWith("io.github.resilience4j.micrometer.")) {
          refused.add(name);
          throw new ClassNotFoundException(name + " is not on this class path");
        }
        if (!name.startsWith("io.tenantcache.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String resource = name.replace('.', '/') + ".class";
          try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }

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
    WithoutMicrometer loader = new WithoutMicrometer();
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
    assertThat(loader.refused).isEmpty();
  }

  @Test
  void withoutMicrometer_turningMetricsOn_failsNamingTheMissingDependency() throws Exception {
    WithoutMicrometer loader = new WithoutMicrometer();
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
    assertThat(loader.refused).isNotEmpty();
  }
}
