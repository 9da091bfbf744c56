package io.tenantcache.internal.config;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheConfigurationException;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What a CacheManager's configuration file declares: the manager properties it sets and the caches
 * that exist as soon as the manager opens. Immutable.
 *
 * <p>{@link #load} finds the file (the manager's URI when that is {@code classpath:<resource>},
 * {@code file:<path>} or {@code jar:<url>}, else {@code tenantcache.conf} on the manager's class
 * loader), reads it as HOCON layered over the provider's {@code reference.conf} (no system
 * properties, no {@code application.conf}), and checks every setting. This class uses no Typesafe
 * Config type, so it is safe to call when that optional library is absent: it is needed only when
 * there is a file to read.
 *
 * @param source where the configuration was read from, or null when there was nothing to read
 * @param managerProperties the manager properties the file sets (e.g. {@code
 *     tenantcache.tenancy.missing-tenant}), as strings; only those it sets explicitly
 * @param caches the declared caches by name, in the order of the file
 */
public record DeclarativeConfiguration(
    @Nullable String source,
    Map<String, String> managerProperties,
    Map<String, TenantCacheConfiguration<?, ?>> caches) {

  private static final String TYPESAFE_CONFIG = "com.typesafe.config.ConfigFactory";

  /** How messages name the overlay. */
  static final String OVERLAY = "the property " + TenantCacheProperties.CONFIGURATION;

  /** Nothing to read: no manager properties, no caches. */
  public static final DeclarativeConfiguration EMPTY =
      new DeclarativeConfiguration(null, Map.of(), Map.of());

  /** Copies both maps, keeping their order. */
  public DeclarativeConfiguration {
    managerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(managerProperties));
    caches = Collections.unmodifiableMap(new LinkedHashMap<>(caches));
  }

  /**
   * Reads the configuration of the CacheManager with this URI and class loader, or returns {@link
   * #EMPTY} when there is none to read. Classes named in the file are loaded with {@code
   * classLoader}.
   *
   * @throws TenantCacheConfigurationException if the file cannot be found or read, or if any
   *     setting is bad; the message names the setting, its value and what is allowed
   */
  public static DeclarativeConfiguration load(URI managerUri, ClassLoader classLoader) {
    return load(managerUri, classLoader, null);
  }

  /**
   * Reads the configuration of the CacheManager with this URI and class loader with {@code
   * overlay} (HOCON text, the manager property {@value TenantCacheProperties#CONFIGURATION})
   * layered over it: where both set a key, the overlay wins. Returns {@link #EMPTY} when there is
   * neither a file nor an overlay.
   *
   * @throws TenantCacheConfigurationException if the file cannot be found or read, if the overlay
   *     cannot be parsed, or if any setting is bad; the message names the setting, its value and
   *     what is allowed
   */
  public static DeclarativeConfiguration load(URI managerUri, ClassLoader classLoader,
      @Nullable String overlay) {
    requireNonNull(managerUri, "managerUri");
    requireNonNull(classLoader, "classLoader");
    ConfigurationSource source = ConfigurationSource.of(managerUri, classLoader);
    if (source == null && overlay == null) {
      return EMPTY;
    }
    requireTypesafeConfig((source == null) ? OVERLAY : source.description());
    return HoconReader.read(source, overlay, classLoader);
  }

  /**
   * Returns the overlay among a manager's {@code properties}: the text of {@value
   * TenantCacheProperties#CONFIGURATION}, or null when it is not set.
   *
   * @throws IllegalArgumentException naming the property if its value is not a {@code String}
   */
  public static @Nullable String overlay(Properties properties) {
    Object value = properties.get(TenantCacheProperties.CONFIGURATION);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException(TenantCacheProperties.CONFIGURATION + " must be HOCON "
        + "text (a String), but was a " + value.getClass().getName());
  }

  /** Returns whether this declares neither manager properties nor caches. */
  public boolean isEmpty() {
    return managerProperties.isEmpty() && caches.isEmpty();
  }

  /**
   * Returns the properties a CacheManager should use: this file's manager properties, overridden
   * by every property in {@code explicit} (its defaults included). Returns {@code explicit} itself
   * when the file sets none.
   */
  public Properties mergeUnder(Properties explicit) {
    requireNonNull(explicit, "explicit");
    if (managerProperties.isEmpty()) {
      return explicit;
    }
    Properties merged = new Properties();
    merged.putAll(managerProperties);
    for (String name : explicit.stringPropertyNames()) {
      merged.setProperty(name, explicit.getProperty(name));
    }
    merged.putAll(explicit); // values that are not strings, e.g. a TenantResolver instance
    return merged;
  }

  private static void requireTypesafeConfig(String source) {
    try {
      Class.forName(TYPESAFE_CONFIG, false, DeclarativeConfiguration.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new TenantCacheConfigurationException("TenantCache found the configuration file "
          + source + ", but reading it needs Typesafe Config, which is not on the "
          + "classpath: add the dependency com.typesafe:config (1.4.x)", e);
    }
  }
}
