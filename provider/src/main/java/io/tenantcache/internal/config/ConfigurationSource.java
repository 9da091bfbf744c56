package io.tenantcache.internal.config;

import io.tenantcache.TenantCacheConfigurationException;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where a CacheManager's configuration file is: its URI when that is {@code classpath:}, {@code
 * file:} or {@code jar:}, else {@value #DEFAULT_RESOURCE} on its class loader. Uses no Typesafe
 * Config type, so it can run when that library is absent.
 *
 * @param kind how to read it
 * @param location the resource name, the file's path, or the URL
 * @param description how messages name it
 */
record ConfigurationSource(Kind kind, String location, String description) {
  /** The resource read when the CacheManager's URI names no file. */
  static final String DEFAULT_RESOURCE = "tenantcache.conf";

  /** How a source is read. */
  enum Kind { RESOURCE, FILE, URL }

  /**
   * Returns the source for a CacheManager, or null when there is nothing to read.
   *
   * @throws TenantCacheConfigurationException if the URI names a file or resource that is not there
   */
  static @Nullable ConfigurationSource of(URI managerUri, ClassLoader classLoader) {
    String scheme = (managerUri.getScheme() == null) ? ""
        : managerUri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "classpath" -> resource(managerUri, classLoader);
      case "file" -> file(managerUri);
      case "jar" -> url(managerUri);
      default -> (classLoader.getResource(DEFAULT_RESOURCE) == null) ? null
          : new ConfigurationSource(Kind.RESOURCE, DEFAULT_RESOURCE,
              "classpath:" + DEFAULT_RESOURCE);
    };
  }

  private static ConfigurationSource resource(URI managerUri, ClassLoader classLoader) {
    String name = managerUri.getSchemeSpecificPart();
    while (name != null && name.startsWith("/")) {
      name = name.substring(1);
    }
    if (name == null || name.isBlank()) {
      throw new TenantCacheConfigurationException("CacheManager URI '" + managerUri
          + "' names no resource; write classpath:<resource>, e.g. classpath:tenantcache.conf",
          null);
    }
    if (classLoader.getResource(name) == null) {
      throw new TenantCacheConfigurationException("CacheManager URI '" + managerUri
          + "' names the resource '" + name + "', which the CacheManager's class loader ("
          + classLoader + ") does not have", null);
    }
    return new ConfigurationSource(Kind.RESOURCE, name, "classpath:" + name);
  }

  private static ConfigurationSource file(URI managerUri) {
    File file;
    if (managerUri.isOpaque()) { // file:relative/path.conf
      file = new File(managerUri.getSchemeSpecificPart());
    } else {
      try {
        file = new File(managerUri);
      } catch (IllegalArgumentException e) {
        throw new TenantCacheConfigurationException("CacheManager URI '" + managerUri
            + "' is not a file URI that can be read (" + e.getMessage()
            + "); write file:/absolute/path.conf or file:relative/path.conf", e);
      }
    }
    if (!file.isFile()) {
      throw new TenantCacheConfigurationException("CacheManager URI '" + managerUri
          + "' names the file " + file.getAbsolutePath() + ", which "
          + (file.exists() ? "is not a regular file" : "does not exist"), null);
    }
    if (!file.canRead()) {
      throw new TenantCacheConfigurationException("CacheManager URI '" + managerUri
          + "' names the file " + file.getAbsolutePath() + ", which cannot be read", null);
    }
    return new ConfigurationSource(Kind.FILE, file.getPath(), file.getPath());
  }

  private static ConfigurationSource url(URI managerUri) {
    try {
      URL unused = managerUri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new TenantCacheConfigurationException("CacheManager URI '" + managerUri
          + "' is not a URL that can be read: " + e.getMessage(), e);
    }
    return new ConfigurationSource(Kind.URL, managerUri.toString(), managerUri.toString());
  }
}
