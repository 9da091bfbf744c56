package io.tenantcache.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 75% get / 25% put on the Zipfian trace, on a cache three quarters full (see {@link
 * PopulatedCache}): a fixed random quarter of the trace positions are puts (updates of held keys,
 * so nothing is evicted), and every thread mixes both on the same keys.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GetPutBenchmark extends PopulatedCache {
  private boolean[] puts;

  @Setup(Level.Trial)
  public void choosePuts() {
    puts = Workload.putPositions(0.25);
  }

  @Benchmark
  public Integer getPut(ThreadIndex thread) {
    int position = thread.index++ & Workload.MASK;
    Integer key = keys[position];
    if (puts[position]) {
      cache.put(key, key);
      return key;
    }
    return cache.get(key);
  }
}
