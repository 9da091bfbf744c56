package io.tenantcache.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cache of the provider under test, three quarters full: every key of its universe is put (key =
 * value, see {@link Workload}), and the Zipfian trace over that universe is checked to hit on
 * every position before and after the run. The benchmarks built on it measure hits (and updates of
 * held keys) only.
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
  private int universe;
  private long setupHits;

  /** Returns the cache's capacity: {@link Workload#CAPACITY} unless a benchmark varies it. */
  protected int capacity() {
    return Workload.CAPACITY;
  }

  @Setup(Level.Trial)
  public void createAndPopulate() {
    universe = Workload.universe(capacity());
    keys = Workload.zipfianTrace(universe);
    cache = Provider.of(provider).create(CacheSpec.of(capacity(), statistics));
    Workload.populate(cache, universe);
    setupHits = Workload.verifyHoldsUniverse(cache, universe, "setup")
        + Workload.verifyAllHits(cache, keys, "setup");
    Workload.verifyStatistics(cache, statistics, setupHits);
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      Workload.verifyHoldsUniverse(cache, universe, "teardown");
      Workload.verifyAllHits(cache, keys, "teardown");
      Workload.verifyStatistics(cache, statistics, 2 * setupHits);
    } finally {
      cache.close();
    }
  }
}
