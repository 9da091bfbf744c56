package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCacheConfigurationException;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typesafe Config is an optional dependency: on a classpath without it, {@link
 * DeclarativeConfiguration#load} works as long as there is no file to read, and says what to add
 * when there is one.
 */
final class DeclarativeConfigurationOptionalTest {
  @TempDir Path dir;

  @Test
  void withoutTypesafeConfig_noFile_isEmpty() throws Exception {
    try (URLClassLoader loader = classPathWithoutTypesafeConfig()) {
      assertThatThrownBy(() -> Class.forName("com.typesafe.config.ConfigFactory", false, loader))
          .isInstanceOf(ClassNotFoundException.class);

      Object declared = load(loader, URI.create("urn:tenantcache:default"));

      assertThat(declared.getClass().getName()).isEqualTo(DeclarativeConfiguration.class.getName());
      assertThat(declared.getClass().getMethod("isEmpty").invoke(declared)).isEqualTo(true);
    }
  }

  @Test
  void withoutTypesafeConfig_aFile_failsSayingWhatToAdd() throws Exception {
    Path file = dir.resolve("tenantcache.conf");
    Files.writeString(file, "tenantcache.caches { a {} }");
    try (URLClassLoader loader = classPathWithoutTypesafeConfig()) {
      assertThatThrownBy(() -> load(loader, file.toUri()))
          .satisfies(e -> assertThat(e.getClass().getName())
              .isEqualTo(TenantCacheConfigurationException.class.getName()))
          .hasMessageContaining(file.toString())
          .hasMessageContaining("com.typesafe:config");
    }
  }

  private static Object load(ClassLoader loader, URI uri) throws Exception {
    Class<?> type = Class.forName(DeclarativeConfiguration.class.getName(), true, loader);
    Method load = type.getMethod("load", URI.class, ClassLoader.class);
    try {
      return load.invoke(null, uri, loader);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  /** This test's classpath minus Typesafe Config, with nothing of it inherited from a parent. */
  private static URLClassLoader classPathWithoutTypesafeConfig() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !entry.replace('\\', '/').contains("/com/typesafe/config/")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }
}
