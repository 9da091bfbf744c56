package io.tenantcache.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Get hits: every thread replays the Zipfian trace from its own starting point against a cache
 * three quarters full (see {@link PopulatedCache}), at three capacities ({@code size}): 4,096,
 * the 65,536 of the other benchmarks, and 1,048,576, so the hit path is seen with its entries in
 * the CPU's caches and far beyond them. Run with {@code -prof gc} for the hit path's allocation
 * per operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
// 4 GiB: the largest size holds 786,432 entries beside the trace; the same heap for every size
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class GetHitBenchmark extends PopulatedCache {
  /** The cache's capacity; it holds three quarters of it. */
  @Param({"4096", "65536", "1048576"})
  public int size;

  @Override
  protected int capacity() {
    return size;
  }

  @Benchmark
  public Integer get(ThreadIndex thread) {
    return cache.get(keys[thread.index++ & Workload.MASK]);
  }
}
