package io.tenantcache.internal.manager;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.internal.metrics.CacheMeterBinding;
import io.tenantcache.internal.metrics.LoadTiming;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * @param loadTiming how {@code cache.load.duration} is published: a histogram, service-level
 *     buckets, or neither
 */
record ManagerSettings(int tenantTableSize, boolean metricsEnabled, @Nullable Object registry,
    boolean tenantTag, int tenantCap, LoadTiming loadTiming) {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,15})\\s*(ns|us|ms|s|m|h)");

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
        new LoadTiming(bool(properties, TenantCacheProperties.METRICS_LOAD_HISTOGRAM, false),
            durations(properties, TenantCacheProperties.METRICS_LOAD_SLO)));
  }

  /**
   * Reads a list of durations: a {@code Collection} of {@link Duration}s (or of their texts), or
   * one text of comma-separated durations, each a number with a unit ({@code ns}, {@code us},
   * {@code ms}, {@code s}, {@code m}, {@code h}) or ISO-8601 ({@code PT0.5S}); each positive.
   */
  private static List<Duration> durations(Properties properties, String name) {
    Object value = value(properties, name);
    if (value == null) {
      return List.of();
    }
    List<Object> items = new ArrayList<>();
    if (value instanceof Collection<?> collection) {
      items.addAll(collection);
    } else if (value instanceof Duration[] array) {
      items.addAll(List.of(array));
    } else {
      for (String part : value.toString().split(",")) {
        if (!part.isBlank()) {
          items.add(part.trim());
        }
      }
    }
    List<Duration> durations = new ArrayList<>();
    for (Object item : items) {
      Duration duration = (item instanceof Duration d) ? d : parseDuration(String.valueOf(item));
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " is '" + value + "'; allowed: positive "
            + "durations such as 1ms, 10ms, 100ms, 1s (a list, or one text separated by commas)");
      }
      durations.add(duration);
    }
    return durations;
  }

  static @Nullable Duration parseDuration(String text) {
    Matcher matcher = DURATION.matcher(text.trim());
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ns" -> Duration.ofNanos(amount);
        case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static @Nullable Object value(Properties properties, String name) {
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

  static int integer(Properties properties, String name, int defaultValue, int minimum) {
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
