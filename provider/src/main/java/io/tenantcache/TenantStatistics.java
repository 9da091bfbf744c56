package io.tenantcache;

/**
 * One tenant's figures in one cache, a snapshot. Counters count only while the cache's statistics
 * are enabled ({@code MutableConfiguration.setStatisticsEnabled} or {@code
 * CacheManager.enableStatistics}); {@code size} is always kept, and exact when no write is in
 * flight (see {@link TenantCache#tenants()}). Times are means in
 * microseconds, measured on a sample of the calls (counts are exact).
 *
 * @param tenant the tenant
 * @param hits gets that found an entry
 * @param misses gets that found none
 * @param puts entries stored or replaced by the tenant's calls
 * @param removals entries removed by the tenant's calls
 * @param evictions entries dropped for size (the cache's bound or the tenant's quota)
 * @param expirations entries dropped because they expired
 * @param loads loads that succeeded (after retries; a coalesced load counts once)
 * @param loadFailures loads that failed (after retries)
 * @param staleLoads failed loads answered with a stale value (stale-if-error)
 * @param fallbackLoads failed loads answered with the fallback's value
 * @param refreshes refreshes ahead of expiry that succeeded (they count as loads too)
 * @param refreshFailures refreshes ahead of expiry that failed, the entry keeping its value (they
 *     count as load failures too)
 * @param size entries the tenant holds now
 * @param averageGetMicros mean time of a get
 * @param averagePutMicros mean time of a put
 * @param averageRemoveMicros mean time of a remove
 * @param averageLoadMicros mean time of a load
 */
public record TenantStatistics(String tenant, long hits, long misses, long puts, long removals,
    long evictions, long expirations, long loads, long loadFailures, long staleLoads,
    long fallbackLoads, long refreshes, long refreshFailures, long size,
    float averageGetMicros, float averagePutMicros, float averageRemoveMicros,
    float averageLoadMicros) {

  /** Returns hits + misses. */
  public long gets() {
    return hits + misses;
  }

  /** Returns hits / gets, between 0 and 1 (0 when there were no gets). */
  public double hitRate() {
    long gets = gets();
    return (gets == 0) ? 0.0 : (double) hits / gets;
  }
}
