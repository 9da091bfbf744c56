package io.tenantcache.spring.boot;

import static io.tenantcache.spring.boot.TenantCacheSettingsTest.configuration;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A {@code tenantcache.conf} on the application's class path next to {@code tenantcache.*}
 * properties: both are in force, and where both set a key, the property wins.
 */
final class TenantCacheConfFileTest {
  @TempDir Path classPathRoot;

  @Test
  void propertiesWinOverTheFile_keyByKey_andTheFileKeepsTheRest() throws Exception {
    Files.writeString(classPathRoot.resolve("tenantcache.conf"), """
        tenantcache {
          default.statistics = true
          caches {
            conf-quotes { maximum-size = 10, expiry.created = 5m }
            conf-only { maximum-size = 20 }
          }
        }
        """);
    try (URLClassLoader classLoader = new URLClassLoader(
        new URL[] {classPathRoot.toUri().toURL()}, getClass().getClassLoader())) {
      new ApplicationContextRunner()
          .withClassLoader(classLoader)
          .withConfiguration(AutoConfigurations.of(TenantCacheSettingsAutoConfiguration.class,
              TenantCacheAutoConfiguration.class))
          .withPropertyValues("tenantcache.caches.conf-quotes.maximum-size=3",
              "tenantcache.caches.conf-props.maximum-size=4",
              "tenantcache.default.statistics=false")
          .run(context -> {
            TenantCacheConfiguration<?, ?> quotes = configuration(context, "conf-quotes");
            assertThat(quotes.getMaximumSize()).as("the property's").isEqualTo(3);
            assertThat(quotes.getExpiryPolicyFactory().create().getExpiryForCreation())
                .as("the file's").isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5));
            assertThat(quotes.isStatisticsEnabled()).as("the property's default").isFalse();
            assertThat(configuration(context, "conf-only").getMaximumSize()).isEqualTo(20);
            assertThat(configuration(context, "conf-props").getMaximumSize()).isEqualTo(4);
          });
    }
  }

  @Test
  void fileAlone_stillDeclaresItsCaches() throws Exception {
    Files.writeString(classPathRoot.resolve("tenantcache.conf"),
        "tenantcache.caches.conf-alone.maximum-size = 7\n");
    try (URLClassLoader classLoader = new URLClassLoader(
        new URL[] {classPathRoot.toUri().toURL()}, getClass().getClassLoader())) {
      new ApplicationContextRunner()
          .withClassLoader(classLoader)
          .withConfiguration(AutoConfigurations.of(TenantCacheSettingsAutoConfiguration.class,
              TenantCacheAutoConfiguration.class))
          .run(context ->
              assertThat(configuration(context, "conf-alone").getMaximumSize()).isEqualTo(7));
    }
  }
}
