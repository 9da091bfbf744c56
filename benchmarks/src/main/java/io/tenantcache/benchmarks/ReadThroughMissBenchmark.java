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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Read-through misses: every get is of a key never asked before, so it loads (the loader answers
 * at once), stores and evicts (the cache is filled to capacity in the setup). Raw Caffeine uses a {@code LoadingCache}.
 * Each thread checks after every iteration that the loader ran exactly once per get; the teardown
 * checks that the cache stayed bounded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ReadThroughMissBenchmark {
  @Param({"tenantcache", "caffeine-jcache", "ehcache", "cache2k", "caffeine"})
  public String provider;

  @Param({"false", "true"})
  public boolean statistics;

  private BenchCache cache;
  private CountingLoader loader;

  /**
   * A thread's keys: its own range, counted up, so no key repeats within the run. The thread checks
   * after every iteration that the loader ran exactly once per get it made (the loader runs on
   * the calling thread and counts per range).
   */
  @State(Scope.Thread)
  public static class Keys {
    int range;
    int next;
    long gets;

    @Setup(Level.Trial)
    public void start(ThreadParams params) {
      range = params.getThreadIndex();
      if (range >= 16) {
        throw new IllegalStateException("at most 16 threads: each owns 2^27 keys of the int range");
      }
      next = range << CountingLoader.RANGE_SHIFT;
    }

    @TearDown(Level.Iteration)
    public void verify(ReadThroughMissBenchmark benchmark) {
      long loads = benchmark.loader.calls(range);
      if (loads != gets) {
        throw new IllegalStateException(benchmark.provider + ", thread " + range + ": " + loads
            + " loads for " + gets + " read-through misses; expected exactly one load per get");
      }
    }
  }

  @Setup(Level.Trial)
  public void create() {
    loader = new CountingLoader();
    cache = Provider.of(provider).create(
        CacheSpec.readThrough(Workload.CAPACITY, statistics, loader));
    // Full from the start (negative keys, which the run never asks for): every miss also evicts.
    for (int i = 1; i <= Workload.CAPACITY; i++) {
      cache.put(-i, -i);
    }
  }

  @Benchmark
  public Integer getMiss(Keys keys) {
    Integer key = keys.next++;
    keys.gets++;
    Integer value = cache.get(key);
    if (value == null) {
      throw new IllegalStateException("read-through get of " + key + " returned null");
    }
    return value;
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      long size = cache.size();
      System.out.printf("%n[read-through] %s: %d loads, each thread's loads = its gets (checked"
          + " after every iteration), size %d of capacity %d%n", provider, loader.calls(), size,
          Workload.CAPACITY);
      if (size > Workload.CAPACITY + Workload.CAPACITY / 20) {
        throw new IllegalStateException(provider + " holds " + size + " entries, over its capacity "
            + Workload.CAPACITY);
      }
    } finally {
      cache.close();
    }
  }
}
