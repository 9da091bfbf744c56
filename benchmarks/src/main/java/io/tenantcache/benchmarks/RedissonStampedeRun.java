package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis
// compare.sh requires: pom.xml <artifactId>redisson</artifactId>

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;

/**
 * A stampede on a read-through cache backed by, or clustered through, a redis-server: each round,
 * {@value #CALLERS} threads waiting on one latch are released together to get one absent key (a
 * new key each round) through a loader that takes {@value #LOAD_MILLIS} ms and counts its calls.
 * A cache that coalesces loads calls the loader once per round. For each peer of {@link
 * RedisPeer} (Redisson's JCache, TenantCache clustered in mode {@code invalidate}, TenantCache
 * local) on one redis-server ({@link LocalRedis}), it prints each round's loader calls and wall
 * time (from the release to the last get's return). Not JMH: the count per round is the result,
 * and a round lasts about one load. Run with {@code java -cp benchmarks/target/benchmarks.jar
 * io.tenantcache.benchmarks.RedissonStampedeRun [rounds] [providers, comma-separated]}, default 10
 * rounds of every peer.
 */
public final class RedissonStampedeRun {
  /** Threads that get the same absent key at once in every round. */
  static final int CALLERS = 64;

  /** How long one load takes, in milliseconds. */
  static final int LOAD_MILLIS = 50;

  private RedissonStampedeRun() {}

  public static void main(String[] args) throws Exception {
    int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
    String[] providers = ((args.length > 1) ? args[1] : RedisPeer.ALL).split(",");
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS, task -> {
      Thread thread = new Thread(task);
      thread.setDaemon(true);
      return thread;
    });
    try (LocalRedis redis = LocalRedis.start()) {
      System.out.println("provider                round  loader calls  wall ms");
      for (String provider : providers) {
        CountingLoader loader = CountingLoader.slow(LOAD_MILLIS);
        long total = 0;
        try (RedisPeer peer = RedisPeer.open(provider, redis.uri(), loader)) {
          for (int round = 1; round <= rounds; round++) {
            long before = loader.calls();
            long nanos = round(peer.cache(), callers, round);
            long calls = loader.calls() - before;
            total += calls;
            System.out.println(String.format(Locale.ROOT, "%-23s %-6d %-13d %.1f", provider, round,
                calls, nanos / 1e6));
          }
        }
        System.out.println(String.format(Locale.ROOT, "%-23s %d rounds, %d loader calls, %.1f per"
            + " round", provider, rounds, total, (double) total / rounds));
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /** One round on key {@code key}: returns the nanoseconds from the release to the last return. */
  private static long round(Cache<Integer, Integer> cache, ExecutorService callers, int key)
      throws Exception {
    Integer boxed = key;
    CountDownLatch ready = new CountDownLatch(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>(CALLERS);
    for (int i = 0; i < CALLERS; i++) {
      results.add(callers.submit(() -> {
        ready.countDown();
        go.await();
        return cache.get(boxed);
      }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Future<Integer> result : results) {
      if (!boxed.equals(result.get())) {
        throw new IllegalStateException("a stampeding get of " + key + " returned "
            + result.get());
      }
    }
    return System.nanoTime() - start;
  }
}
