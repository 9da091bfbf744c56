package io.tenantcache.benchmarks;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The choice issue 21 asks to re-measure: coalescing read-through loads with a hand-written map of
 * loads in flight beside a Caffeine {@code Cache} of values (what {@code LoadCoordinator} does), or
 * with Caffeine's {@code AsyncLoadingCache}, whose map holds the futures themselves. Both sides are
 * reduced to that mechanism: one bounded Caffeine cache of {@link Workload#CAPACITY} entries,
 * maintenance on the caller (as the store's own ticks are not the question here), a loader that
 * answers at once on the caller's thread, and the over-full Zipfian trace of
 * {@link ReadThroughOverfullBenchmark} (twice the capacity, so a get either hits or misses,
 * loads, stores and evicts), replayed once before the run so that the cache is full.
 *
 * <ul>
 *   <li>{@code handWritten}: a hit is {@code getIfPresent}; a miss puts its own future in flight
 *       ({@code putIfAbsent} on an unbounded Caffeine map, as {@code LoadCoordinator}), or joins
 *       the one there, loads, stores with {@code putIfAbsent}, removes its future and completes it.
 *   <li>{@code asyncCache}: {@code AsyncLoadingCache.get(key).join()}, with the loader run on the
 *       caller ({@code executor(Runnable::run)}): a hit returns the stored, completed future.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CoalescingChoiceBenchmark {
  @Param({"handWritten", "asyncCache"})
  public String mechanism;

  private Integer[] keys;
  private Cache<Integer, Integer> values;
  private ConcurrentMap<Integer, CompletableFuture<Integer>> inflight;
  private AsyncLoadingCache<Integer, Integer> futures;

  @Setup
  public void createAndFill() {
    keys = Workload.zipfianTrace(ReadThroughOverfullBenchmark.UNIVERSE);
    values = Caffeine.newBuilder().maximumSize(Workload.CAPACITY).executor(Runnable::run).build();
    inflight = Caffeine.newBuilder().executor(Runnable::run)
        .<Integer, CompletableFuture<Integer>>build().asMap();
    futures = Caffeine.newBuilder().maximumSize(Workload.CAPACITY).executor(Runnable::run)
        .buildAsync(CoalescingChoiceBenchmark::load);
    for (Integer key : keys) {
      if (!key.equals(get(key))) {
        throw new IllegalStateException("setup: key " + key + " did not load");
      }
    }
  }

  private static Integer load(Integer key) {
    return key;
  }

  private Integer get(Integer key) {
    return mechanism.equals("asyncCache") ? futures.get(key).join() : handWritten(key);
  }

  private Integer handWritten(Integer key) {
    Integer value = values.getIfPresent(key);
    if (value != null) {
      return value;
    }
    CompletableFuture<Integer> mine = new CompletableFuture<>();
    CompletableFuture<Integer> running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      return running.join();
    }
    Integer loaded = load(key);
    values.asMap().putIfAbsent(key, loaded);
    inflight.remove(key, mine);
    mine.complete(loaded);
    return loaded;
  }

  @Benchmark
  public Integer get(ThreadIndex thread) {
    return get(keys[thread.index++ & Workload.MASK]);
  }
}
