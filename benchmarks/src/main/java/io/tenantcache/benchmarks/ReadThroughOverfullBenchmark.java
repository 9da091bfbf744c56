package io.tenantcache.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Read-through on an over-full key universe: the Zipfian trace draws from {@value #UNIVERSE} keys,
 * twice the capacity, so a get either hits or misses, loads (the {@link CountingLoader} answers at
 * once), stores and evicts. Before the run the trace is replayed once on one thread, so the
 * measurement starts from a full, warm cache (JMH's warm-up iterations bring it to its steady
 * state). Raw Caffeine uses a {@code LoadingCache}.
 *
 * <p>Each provider's eviction policy keeps different keys, so each has its own hit rate, and a
 * cache that misses more does more work per get: read a score together with its hit rate. The
 * {@code gets} and {@code loads} counters (totals of each iteration, all threads) give it as
 * {@code 1 - loads / gets}; the trial's teardown prints it too, with the warm-up replay's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ReadThroughOverfullBenchmark {
  /** How many keys the trace draws from: twice {@link Workload#CAPACITY}. */
  public static final int UNIVERSE = 2 * Workload.CAPACITY;

  @Param({"tenantcache", "caffeine-jcache", "ehcache", "cache2k", "caffeine"})
  public String provider;

  @Param({"false", "true"})
  public boolean statistics;

  private BenchCache cache;
  private CountingLoader loader;
  private Integer[] keys;
  private double warmUpHitRate;
  private final LongAdder trialGets = new LongAdder();
  private long loadsAtStart;

  /**
   * One thread's position in the trace and its counters, totals of the iteration: {@code gets}
   * counts this thread's gets; {@code loads} counts the loader's calls from every thread, on the
   * first thread only (a load is not told which thread it is for), so that the sums over the
   * threads are the iteration's gets and loads (to within the few gets other threads make at the
   * iteration's edges, before the first thread's setup or after its teardown).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counts {
    public long gets;
    public long loads;
    int index;
    private boolean countsLoads;
    private int indexBefore;
    private long loadsBefore;

    @Setup(Level.Trial)
    public void start(ThreadParams params) {
      // threads start spread evenly over the trace, the same places in every run
      index = params.getThreadIndex() * (Workload.TRACE_LENGTH / params.getThreadCount());
      countsLoads = params.getThreadIndex() == 0;
    }

    @Setup(Level.Iteration)
    public void snapshot(ReadThroughOverfullBenchmark benchmark) {
      indexBefore = index;
      loadsBefore = countsLoads ? benchmark.loader.calls() : 0;
    }

    @TearDown(Level.Iteration)
    public void count(ReadThroughOverfullBenchmark benchmark) {
      // the index counts this thread's gets (it wraps, the difference does not)
      gets = Integer.toUnsignedLong(index - indexBefore);
      loads = countsLoads ? benchmark.loader.calls() - loadsBefore : 0;
      benchmark.trialGets.add(gets);
    }
  }

  @Setup(Level.Trial)
  public void createAndWarm() {
    keys = Workload.zipfianTrace(UNIVERSE);
    if (Workload.distinct(keys) <= Workload.CAPACITY) {
      throw new IllegalStateException("the trace draws no more keys than the cache holds");
    }
    loader = new CountingLoader();
    cache = Provider.of(provider).create(
        CacheSpec.readThrough(Workload.CAPACITY, statistics, loader));
    for (Integer key : keys) {
      cache.get(key);
    }
    warmUpHitRate = 1 - (double) loader.calls() / keys.length;
    loadsAtStart = loader.calls();
    long size = cache.size();
    if (size < Workload.universe(Workload.CAPACITY)) {
      throw new IllegalStateException(provider + " holds " + size + " entries after the warm-up"
          + " replay; expected a cache about full, capacity " + Workload.CAPACITY);
    }
  }

  @Benchmark
  public Integer get(Counts counts) {
    Integer value = cache.get(keys[counts.index++ & Workload.MASK]);
    if (value == null) {
      throw new IllegalStateException("read-through get returned null");
    }
    return value;
  }

  @TearDown(Level.Trial)
  public void reportAndClose() {
    try {
      long size = cache.size();
      long gets = trialGets.sum();
      long loads = loader.calls() - loadsAtStart;
      System.out.printf("%n[over-full] %s: hit rate %.2f%% (%d loads in %d gets; warm-up replay"
          + " %.2f%%), size %d of capacity %d%n", provider, 100 * (1 - (double) loads / gets),
          loads, gets, 100 * warmUpHitRate, size, Workload.CAPACITY);
      if (size > Workload.CAPACITY + Workload.CAPACITY / 20) {
        throw new IllegalStateException(provider + " holds " + size + " entries, over its capacity "
            + Workload.CAPACITY);
      }
    } finally {
      cache.close();
    }
  }
}
