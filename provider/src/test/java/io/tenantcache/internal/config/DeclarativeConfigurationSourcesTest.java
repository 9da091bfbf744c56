package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheConfigurationException;
import io.tenantcache.TenantCacheProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/**
 * Where declarative configuration comes from and what reading it guarantees: substitutions and
 * includes, environment overrides, file, jar and class-path URIs (and the errors naming a missing
 * one), no system properties or application.conf, and immutable, serializable results.
 */
final class DeclarativeConfigurationSourcesTest extends DeclarativeConfigurationSupport {

  @Test
  void load_substitutionsAndIncludes_work() throws IOException {
    Files.writeString(dir.resolve("shared.conf"), "shared-size = 77\n");
    DeclarativeConfiguration declared = load("""
        include "shared.conf"
        tenantcache.caches {
          a { maximum-size = ${shared-size} }
          b { maximum-size = ${tenantcache.caches.a.maximum-size} }
          c { maximum-size = ${tenantcache.default.maximum-size} }
        }
        """);

    assertThat(declared.caches().get("a").getMaximumSize()).isEqualTo(77);
    assertThat(declared.caches().get("b").getMaximumSize()).isEqualTo(77);
    assertThat(declared.caches().get("c").getMaximumSize()).isEqualTo(100_000);
  }

  @Test
  void load_environmentOverrideIdiom_keepsTheFileValueWhenTheVariableIsUnset() throws IOException {
    String unset = "${?TENANTCACHE_TEST_VARIABLE_THAT_IS_NEVER_SET}";
    DeclarativeConfiguration declared = load("""
        tenantcache {
          tenancy.default-tenant = "fallback"
          tenancy.default-tenant = %1$s
          metrics.tenant-cap = %1$s
          default.maximum-weight = %1$s
          caches {
            a { maximum-size = 10, maximum-size = %1$s }
            b { listeners = [], listeners = ${tenantcache.default.listeners} }
          }
        }
        """.formatted(unset));

    assertThat(declared.managerProperties())
        .containsExactly(entry(TenantCacheProperties.DEFAULT_TENANT, "fallback"));
    assertThat(declared.caches().get("a").getMaximumSize()).isEqualTo(10);
    assertThat(declared.caches().get("b").getMaximumSize())
        .isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
  }

  @Test
  void load_ignoresSystemPropertiesAndApplicationConf() throws IOException {
    String key = "tenantcache.default.maximum-size";
    String previous = System.getProperty(key);
    System.setProperty(key, "3");
    try {
      assertThat(load("tenantcache.caches { a {} }").caches().get("a").getMaximumSize())
          .isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
    } finally {
      if (previous == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, previous);
      }
    }
  }

  @Test
  void load_fileUri_absoluteAndRelative() throws IOException {
    Path file = dir.resolve("my cache.conf");
    Files.writeString(file, "tenantcache.caches { fromfile { maximum-size = 11 } }");

    DeclarativeConfiguration absolute = DeclarativeConfiguration.load(file.toUri(), LOADER);
    assertThat(absolute.caches().get("fromfile").getMaximumSize()).isEqualTo(11);
    assertThat(absolute.source()).isEqualTo(file.toString());

    Path relative = Path.of("").toAbsolutePath().relativize(file);
    DeclarativeConfiguration opaque =
        DeclarativeConfiguration.load(URI.create("file:" + relative.toString().replace(" ", "%20")), LOADER);
    assertThat(opaque.caches()).containsOnlyKeys("fromfile");
  }

  @Test
  void load_jarUri_readsTheEntry() throws IOException {
    Path jar = dir.resolve("app.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry("conf/tenantcache.conf"));
      jarOut.write("tenantcache.caches.injar.maximum-size = 5".getBytes(StandardCharsets.UTF_8));
      jarOut.closeEntry();
    }
    URI uri = URI.create("jar:" + jar.toUri() + "!/conf/tenantcache.conf");

    assertThat(DeclarativeConfiguration.load(uri, LOADER).caches().get("injar").getMaximumSize())
        .isEqualTo(5);
  }

  @Test
  void load_classpathUri_missingResource_failsNamingIt() {
    assertThatThrownBy(() ->
        DeclarativeConfiguration.load(URI.create("classpath:config/nope.conf"), LOADER))
        .isInstanceOf(TenantCacheConfigurationException.class)
        .hasMessageContaining("classpath:config/nope.conf")
        .hasMessageContaining("does not have");
  }

  @Test
  void load_fileUri_missingFile_failsNamingIt() {
    URI uri = dir.resolve("missing.conf").toUri();

    assertThatThrownBy(() -> DeclarativeConfiguration.load(uri, LOADER))
        .isInstanceOf(TenantCacheConfigurationException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void load_otherUri_withoutTenantcacheConf_isEmpty() {
    DeclarativeConfiguration declared =
        DeclarativeConfiguration.load(URI.create("urn:tenantcache:default"), LOADER);

    assertThat(declared).isSameAs(DeclarativeConfiguration.EMPTY);
    assertThat(declared.isEmpty()).isTrue();
    assertThat(declared.source()).isNull();
  }

  @Test
  void load_otherUri_readsTenantcacheConfOfTheClassLoader() throws Exception {
    URL folder = LOADER.getResource("config/discovery/");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {folder}, LOADER)) {
      DeclarativeConfiguration declared =
          DeclarativeConfiguration.load(URI.create("urn:my-app"), loader);

      assertThat(declared.source()).isEqualTo("classpath:tenantcache.conf");
      assertThat(declared.caches().get("discovered").getMaximumSize()).isEqualTo(42);
      assertThat(declared.managerProperties())
          .containsExactly(entry(TenantCacheProperties.DEFAULT_TENANT, "discovered"));
    }
  }

  @Test
  void load_fileWithoutTenantcacheTree_declaresNothing() throws IOException {
    DeclarativeConfiguration declared = load("someone-else { tenantcache-ish = 1 }");

    assertThat(declared.isEmpty()).isTrue();
    assertThat(declared.source()).isNotNull();
  }

  @Test
  void result_isImmutable() throws IOException {
    DeclarativeConfiguration declared = load("tenantcache.caches { a {} }");

    assertThatThrownBy(() -> declared.caches().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> declared.managerProperties().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void configuration_survivesSerialization() throws Exception {
    TenantCacheConfiguration<?, ?> users =
        DeclarativeConfiguration.load(URI.create("classpath:config/full.conf"), LOADER)
            .caches().get("users");

    TenantCacheConfiguration<?, ?> copy = roundTrip(users);

    assertThat(copy.getCacheLoaderFactory()).isEqualTo(users.getCacheLoaderFactory());
    Factory<? extends CacheLoader<?, ?>> loader = copy.getCacheLoaderFactory();
    assertThat(loader.create()).isInstanceOf(ConfigTestTypes.UserLoader.class);
    assertThat(copy.getExpiryPolicyFactory()).isEqualTo(users.getExpiryPolicyFactory());
    assertThat(copy.getExpiryPolicyFactory().create())
        .isEqualTo(users.getExpiryPolicyFactory().create());
    List<Object> copied = new ArrayList<>();
    copy.getCacheEntryListenerConfigurations().forEach(copied::add);
    List<Object> original = new ArrayList<>();
    users.getCacheEntryListenerConfigurations().forEach(original::add);
    assertThat(copied).hasSize(2).isEqualTo(original);
  }

  @Test
  void classFactory_ofAClassThatFailsLater_namesTheSetting() {
    ClassFactory<Object> factory = new ClassFactory<>("tenantcache.caches.x.read-through.loader",
        TYPES + "$NeedsArgumentLoader", CacheLoader.class, LOADER);

    assertThatThrownBy(factory::create)
        .isInstanceOf(TenantCacheConfigurationException.class)
        .hasMessageContaining("tenantcache.caches.x.read-through.loader")
        .hasMessageContaining("NeedsArgumentLoader")
        .hasMessageContaining("public no-argument constructor");
  }
}
