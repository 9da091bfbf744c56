package io.tenantcache.benchmarks;

/**
 * What every provider is configured with: the capacity (maximum number of entries), whether
 * statistics are on, and the loader for read-through (null: no read-through). Always
 * store-by-reference, Integer keys and values, no expiry.
 */
public record CacheSpec(long capacity, boolean statistics, CountingLoader loader) {
  /** A cache without a loader. */
  public static CacheSpec of(long capacity, boolean statistics) {
    return new CacheSpec(capacity, statistics, null);
  }

  /** A read-through cache. */
  public static CacheSpec readThrough(long capacity, boolean statistics, CountingLoader loader) {
    return new CacheSpec(capacity, statistics, loader);
  }
}
