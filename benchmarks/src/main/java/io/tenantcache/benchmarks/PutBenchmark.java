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
 * Put-only updates: every put replaces the value of a key the cache already holds (no listener,
 * writer or expiry configured), following the Zipfian trace, on a cache three quarters full (see
 * {@link PopulatedCache}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PutBenchmark extends PopulatedCache {
  @Benchmark
  public void put(ThreadIndex thread) {
    Integer key = keys[thread.index++ & Workload.MASK];
    cache.put(key, key);
  }
}
