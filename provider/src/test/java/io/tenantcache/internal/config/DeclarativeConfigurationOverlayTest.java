package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.tenantcache.TenantCacheConfigurationException;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.spi.TenantCachingProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The manager property {@value TenantCacheProperties#CONFIGURATION}: HOCON text layered over the
 * configuration file, winning key by key, checked like the file.
 */
final class DeclarativeConfigurationOverlayTest extends DeclarativeConfigurationSupport {

  @Test
  void overlay_winsOverTheFileKeyByKey_andKeepsWhatItDoesNotSet() throws IOException {
    Path file = dir.resolve("app.conf");
    Files.writeString(file, """
        tenantcache {
          tenancy.default-tenant = "from-file"
          metrics.tenant-cap = 7
          caches {
            users { maximum-size = 10, statistics = true }
            orders { maximum-size = 20 }
          }
        }
        """);

    DeclarativeConfiguration declared = DeclarativeConfiguration.load(file.toUri(), LOADER, """
        tenantcache {
          tenancy.default-tenant = "from-overlay"
          caches { users { maximum-size = 5 }, "com.example.Book" { maximum-size = 3 } }
        }
        """);

    assertThat(declared.managerProperties()).containsOnly(
        entry(TenantCacheProperties.DEFAULT_TENANT, "from-overlay"),
        entry("tenantcache.metrics.tenant-cap", "7"));
    assertThat(declared.caches()).containsOnlyKeys("users", "orders", "com.example.Book");
    assertThat(declared.caches().get("users").getMaximumSize()).isEqualTo(5);
    assertThat(declared.caches().get("users").isStatisticsEnabled()).isTrue();
    assertThat(declared.caches().get("orders").getMaximumSize()).isEqualTo(20);
    assertThat(declared.caches().get("com.example.Book").getMaximumSize()).isEqualTo(3);
  }

  @Test
  void overlay_withoutAFile_isReadAlone() {
    DeclarativeConfiguration declared = DeclarativeConfiguration.load(
        URI.create("urn:tenantcache:overlay-alone"), LOADER,
        "tenantcache.caches.users.expiry.created = 10m");

    assertThat(declared.source()).isEqualTo("the property " + TenantCacheProperties.CONFIGURATION);
    assertThat(declared.caches()).containsOnlyKeys("users");
  }

  @Test
  void overlay_badSetting_failsNamingItsPath() {
    assertThatThrownBy(() -> DeclarativeConfiguration.load(URI.create("urn:tenantcache:bad"),
        LOADER, "tenantcache.caches.users.maximum-size = -1"))
        .isInstanceOfSatisfying(TenantCacheConfigurationException.class, e -> assertThat(
            e.setting()).isEqualTo("tenantcache.caches.users.maximum-size"))
        .hasMessageContaining("tenantcache.caches.users.maximum-size = -1");
  }

  @Test
  void managerProperty_declaresTheCaches_andANonStringValueIsRejected() {
    var provider = Caching.getCachingProvider(TenantCachingProvider.class.getName(), LOADER);
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CONFIGURATION,
        "tenantcache.caches.users { maximum-size = 4, statistics = true }");
    try (CacheManager manager = provider.getCacheManager(
        URI.create("urn:tenantcache:overlay-property"), LOADER, properties)) {
      assertThat(manager.getCache("users").getConfiguration(CompleteConfiguration.class)
          .isStatisticsEnabled()).isTrue();
    }

    Properties wrong = new Properties();
    wrong.put(TenantCacheProperties.CONFIGURATION, 42);
    assertThatThrownBy(() -> provider.getCacheManager(
        URI.create("urn:tenantcache:overlay-wrong"), LOADER, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TenantCacheProperties.CONFIGURATION);
  }
}
