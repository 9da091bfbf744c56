package io.tenantcache.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Get hits: every thread replays the Zipfian trace from its own starting point against a cache that
 * holds every key. Run with {@code -prof gc} for the hit path's allocation per operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GetHitBenchmark extends PopulatedCache {
  @Benchmark
  public Integer get(ThreadIndex thread) {
    return cache.get(keys[thread.index++ & Workload.MASK]);
  }
}
