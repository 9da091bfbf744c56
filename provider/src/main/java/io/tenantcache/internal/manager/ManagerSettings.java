package io.tenantcache.internal.manager;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.internal.metrics.CacheMeterBinding;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * A cache manager's observability settings, read from its properties and checked at once: the
 * tenant table's size of the {@code TenantStatisticsMXBean} and the Micrometer settings. Names no
 * Micrometer type, so reading it never needs Micrometer on the classpath.
 *
 * @param tenantTableSize the most tenants a {@code TenantStatisticsMXBean} table shows
 * @param metricsEnabled whether the manager binds meters
 * @param registry the {@code MeterRegistry} given under {@value TenantCacheProperties#METRICS_REGISTRY},
 *     or null for Micrometer's global registry
 * @param tenantTag whether meters carry a {@code tenant} tag
 * @param tenantCap the most tenants tagged by name per cache
 * @param loadHistogram whether {@code cache.load.duration} publishes a histogram
 */
record ManagerSettings(int tenantTableSize, boolean metricsEnabled, @Nullable Object registry,
    boolean tenantTag, int tenantCap, boolean loadHistogram) {

  /** The default of {@value TenantCacheProperties#MANAGEMENT_TENANT_TABLE_SIZE}. */
  static final int DEFAULT_TENANT_TABLE_SIZE = 100;

  /** The default of {@value TenantCacheProperties#METRICS_TENANT_CAP}. */
  static final int DEFAULT_TENANT_CAP = CacheMeterBinding.DEFAULT_TENANT_CAP;

  /**
   * Reads the settings from a manager's properties.
   *
   * @throws IllegalArgumentException naming the property and its value when one is not valid
   */
  static ManagerSettings from(Properties properties) {
    int tableSize = integer(properties, TenantCacheProperties.MANAGEMENT_TENANT_TABLE_SIZE,
        DEFAULT_TENANT_TABLE_SIZE, 1);
    Object registry = value(properties, TenantCacheProperties.METRICS_REGISTRY);
    boolean enabled = bool(properties, TenantCacheProperties.METRICS_ENABLED, registry != null);
    return new ManagerSettings(tableSize, enabled, registry,
        bool(properties, TenantCacheProperties.METRICS_TENANT_TAG, false),
        integer(properties, TenantCacheProperties.METRICS_TENANT_CAP, DEFAULT_TENANT_CAP, 0),
        bool(properties, TenantCacheProperties.METRICS_LOAD_HISTOGRAM, false));
  }

  private static @Nullable Object value(Properties properties, String name) {
    Object value = properties.get(name);
    return (value != null) ? value : properties.getProperty(name);
  }

  private static boolean bool(Properties properties, String name, boolean defaultValue) {
    Object value = value(properties, name);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(name + " is '" + value + "'; allowed: true, false");
  }

  private static int integer(Properties properties, String name, int defaultValue, int minimum) {
    Object value = value(properties, name);
    if (value == null) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = (value instanceof Number number) ? Math.toIntExact(number.longValue())
          : Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(name + " is '" + value + "'; it must be a whole number of "
          + "at least " + minimum, e);
    }
    if (parsed < minimum) {
      throw new IllegalArgumentException(name + " is " + parsed + "; it must be at least " + minimum);
    }
    return parsed;
  }
}
