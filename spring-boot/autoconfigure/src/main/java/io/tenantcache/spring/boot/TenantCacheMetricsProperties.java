package io.tenantcache.spring.boot;

import static io.tenantcache.spring.boot.TenantCacheBootProperties.PREFIX;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Micrometer: {@code tenantcache.metrics.*}. With a {@code MeterRegistry} bean (Actuator and a
 * registry on the class path), TenantCache binds its meters ({@code cache.gets}, {@code
 * cache.puts}, ..., {@code cache.load.duration}) for every cache of the manager to that registry,
 * and Boot's own JCache binder is kept off TenantCache's caches, so nothing is counted twice.
 *
 * @param enabled whether TenantCache's meters are bound to the application's MeterRegistry; false
 *     leaves Boot's own cache metrics as they are
 * @param tenantTag whether every meter carries a 'tenant' tag (with no untagged total: sum over
 *     tenant)
 * @param tenantCap with tenant-tag, how many tenants of a cache get a tag value of their own (the
 *     first ones counted); later ones share tenant="other". At least 0.
 * @param loadHistogram whether cache.load.duration publishes a percentile histogram
 * @param loadSlo service-level buckets for cache.load.duration, e.g. 1ms,10ms,100ms,1s: the timer
 *     then counts the loads that took at most each duration. None unless set.
 */
public record TenantCacheMetricsProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("true") boolean tenantTag,
    @DefaultValue("100") int tenantCap,
    @DefaultValue("false") boolean loadHistogram,
    @DefaultValue List<Duration> loadSlo) {
  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the property whose value is not acceptable
   */
  public TenantCacheMetricsProperties {
    if (tenantCap < 0) {
      throw new IllegalArgumentException(PREFIX + ".metrics.tenant-cap is " + tenantCap
          + "; it must be at least 0 (0 puts every tenant under tenant=\"other\")");
    }
    loadSlo = List.copyOf(loadSlo);
    for (Duration bucket : loadSlo) {
      if (bucket.isNegative() || bucket.isZero()) {
        throw new IllegalArgumentException(PREFIX + ".metrics.load-slo holds " + bucket
            + "; every bucket must be a positive duration such as 10ms");
      }
    }
  }
}
