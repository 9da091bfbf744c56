/**
 * JMH benchmarks of TenantCache against Caffeine's JCache adapter, Ehcache 3's JSR-107 provider,
 * cache2k's JCache provider and raw Caffeine: the same workload for every provider in one run, each
 * bounded to the same capacity through its own configuration. {@link
 * io.tenantcache.benchmarks.Provider} builds the caches; {@link io.tenantcache.benchmarks.Workload}
 * holds the key traces and the checks every benchmark makes in its setup and teardown. {@code
 * RedisPeersBenchmark} sets TenantCache beside Redisson's JCache provider on one redis-server.
 */
package io.tenantcache.benchmarks;
