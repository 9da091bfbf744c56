package io.tenantcache.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cache of the provider under test, holding every key of the Zipfian trace (key = value), checked
 * to answer every key of the trace before and after the run: the benchmarks built on it measure
 * hits only.
 */
@State(Scope.Benchmark)
public abstract class PopulatedCache {
  /** The cache under test (see {@link Provider}). */
  @Param({"tenantcache", "caffeine-jcache", "ehcache", "cache2k", "caffeine"})
  public String provider;

  /** Whether the cache records statistics. */
  @Param({"false", "true"})
  public boolean statistics;

  protected BenchCache cache;
  protected Integer[] keys;

  @Setup(Level.Trial)
  public void createAndPopulate() {
    keys = Workload.zipfianTrace();
    cache = Provider.of(provider).create(CacheSpec.of(Workload.CAPACITY, statistics));
    Workload.populate(cache, keys);
    Workload.verifyAllHits(cache, keys, "setup");
    Workload.verifyStatistics(cache, statistics, keys.length);
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      Workload.verifyAllHits(cache, keys, "teardown");
      Workload.verifyStatistics(cache, statistics, 2L * keys.length);
    } finally {
      cache.close();
    }
  }
}
