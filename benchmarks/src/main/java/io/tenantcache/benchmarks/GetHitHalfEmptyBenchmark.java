package io.tenantcache.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Secondary: get hits on a cache far from full, the workload of the results before issue 19, kept
 * so that new figures can be set beside the old ones. Not where users are; {@link GetHitBenchmark}
 * is the get-hit benchmark.
 *
 * <p>A trace of {@value #TRACE_LENGTH} positions drawn from {@value #ITEMS} keys (the prefix of
 * the same Zipfian sequence), and only the trace's own keys put, its own boxes: a cache of
 * capacity {@value #CAPACITY} about a fifth full. Every get is a hit, checked in setup and
 * teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GetHitHalfEmptyBenchmark {
  /** Positions in the trace (a power of two: indexes wrap with {@link #MASK}). */
  public static final int TRACE_LENGTH = 1 << 16;

  /** {@code index & MASK} is a position in the trace. */
  public static final int MASK = TRACE_LENGTH - 1;

  /** How many keys the Zipfian distribution draws from. */
  public static final int ITEMS = 1 << 14;

  /** The cache's capacity: twice the keys it could ever hold. */
  public static final int CAPACITY = 1 << 15;

  @Param({"tenantcache", "caffeine-jcache", "ehcache", "cache2k", "caffeine"})
  public String provider;

  @Param({"false", "true"})
  public boolean statistics;

  private BenchCache cache;
  private Integer[] keys;

  @Setup(Level.Trial)
  public void createAndPopulate() {
    keys = Workload.zipfianTrace(ITEMS, TRACE_LENGTH);
    cache = Provider.of(provider).create(CacheSpec.of(CAPACITY, statistics));
    for (Integer key : keys) {
      cache.put(key, key);
    }
    Workload.verifyAllHits(cache, keys, "setup");
    Workload.verifyStatistics(cache, statistics, keys.length);
  }

  @Benchmark
  public Integer get(ThreadIndex thread) {
    return cache.get(keys[thread.index++ & MASK]);
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
