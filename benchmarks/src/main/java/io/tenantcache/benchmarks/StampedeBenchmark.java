package io.tenantcache.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A stampede: each round, {@value #CALLERS} threads waiting on one latch are released together to
 * read the same absent key through a loader that takes about a millisecond. A coalescing cache
 * calls the loader once per round. The score is the time per round; the {@code loaderCalls} and
 * {@code rounds} counters give loader calls per round, {@code roundsWithSeveralCalls} the rounds
 * that called it more than once (also printed at the end of each trial, with the most calls in a
 * round).
 * One JMH thread drives the rounds: run it with {@code -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class StampedeBenchmark {
  /** Threads that miss the same key at once in every round. */
  public static final int CALLERS = 64;

  /** How long one load takes, in milliseconds. */
  public static final int LOAD_MILLIS = 1;

  @Param({"tenantcache", "caffeine-jcache", "ehcache", "cache2k", "caffeine"})
  public String provider;

  @Param({"false"})
  public boolean statistics;

  private BenchCache cache;
  private CountingLoader loader;
  private ExecutorService callers;
  private final AtomicInteger nextKey = new AtomicInteger();
  private long totalRounds;
  private long totalCalls;
  private long maxCallsInRound;

  /** Loader calls and rounds, reported next to the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Calls {
    public long loaderCalls;
    public long rounds;
    public long roundsWithSeveralCalls;

    @Setup(Level.Iteration)
    public void reset() {
      loaderCalls = 0;
      rounds = 0;
      roundsWithSeveralCalls = 0;
    }
  }

  @Setup(Level.Trial)
  public void create() {
    loader = CountingLoader.slow(LOAD_MILLIS);
    cache = Provider.of(provider).create(
        CacheSpec.readThrough(Workload.CAPACITY, statistics, loader));
    AtomicInteger number = new AtomicInteger();
    callers = Executors.newFixedThreadPool(CALLERS, task -> {
      Thread thread = new Thread(task, "stampede-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Benchmark
  public int round(Calls calls) throws Exception {
    Integer key = nextKey.incrementAndGet();
    CountDownLatch ready = new CountDownLatch(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>(CALLERS);
    for (int i = 0; i < CALLERS; i++) {
      results.add(callers.submit(() -> {
        ready.countDown();
        go.await();
        return cache.get(key);
      }));
    }
    ready.await();
    long before = loader.calls();
    go.countDown();
    for (Future<Integer> result : results) {
      if (!key.equals(result.get())) {
        throw new IllegalStateException(provider + ": a stampeding get of " + key + " returned "
            + result.get());
      }
    }
    long called = loader.calls() - before;
    calls.loaderCalls += called;
    calls.rounds++;
    if (called > 1) {
      calls.roundsWithSeveralCalls++;
    }
    totalCalls += called;
    totalRounds++;
    maxCallsInRound = Math.max(maxCallsInRound, called);
    return (int) called;
  }

  @TearDown(Level.Trial)
  public void report() {
    callers.shutdownNow();
    cache.close();
    System.out.printf("%n[stampede] %s: %d rounds of %d callers, %d loader calls: %.3f per round"
        + " (max %d)%n", provider, totalRounds, CALLERS, totalCalls,
        (double) totalCalls / Math.max(1, totalRounds), maxCallsInRound);
  }
}
