package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis
// compare.sh requires: pom.xml <artifactId>redisson</artifactId>
// compare.sh requires: provider/src/main/java/io/tenantcache/cluster/ClusterTransport.java sharedTier()

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
 * {@value #CALLERS} threads on each replica, all waiting on one latch, are released together to
 * get one absent key (a new key each round) through a loader that takes {@value #LOAD_MILLIS} ms
 * and counts its calls (one loader for all replicas: the backend). A cache that coalesces loads
 * calls the loader once per round on each replica; one that coalesces across replicas (TenantCache
 * in mode {@code shared}: a lease in Redis) once per round in all. For each peer of {@link
 * RedisPeer} on one redis-server ({@link LocalRedis}), it prints each round's loader calls and
 * wall time (from the release to the last get's return). The replicas are {@link
 * RedisPeer#replica}s in this one JVM (each its own manager and Redis connections; Redisson's each
 * its own client), not processes of their own. Not JMH: the count per round is the result, and a
 * round lasts about one load. Run with {@code java -cp benchmarks/target/benchmarks.jar
 * io.tenantcache.benchmarks.RedissonStampedeRun [rounds] [providers, comma-separated]
 * [replicas]}, default 10 rounds of every peer, 1 replica.
 */
public final class RedissonStampedeRun {
  /** Threads per replica that get the same absent key at once in every round. */
  static final int CALLERS = 64;

  /** How long one load takes, in milliseconds. */
  static final int LOAD_MILLIS = 50;

  private RedissonStampedeRun() {}

  public static void main(String[] args) throws Exception {
    int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
    String[] providers = ((args.length > 1) ? args[1] : RedisPeer.ALL).split(",");
    int replicas = (args.length > 2) ? Integer.parseInt(args[2]) : 1;
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS * replicas, task -> {
      Thread thread = new Thread(task);
      thread.setDaemon(true);
      return thread;
    });
    try (LocalRedis redis = LocalRedis.start()) {
      System.out.println(replicas + " replica(s) x " + CALLERS + " callers, a " + LOAD_MILLIS
          + " ms loader");
      System.out.println("provider                round  loader calls  wall ms");
      for (String provider : providers) {
        CountingLoader loader = CountingLoader.slow(LOAD_MILLIS);
        long total = 0;
        List<RedisPeer> peers = new ArrayList<>();
        try {
          peers.add(RedisPeer.open(provider, redis.uri(), loader));
          while (peers.size() < replicas) {
            peers.add(peers.get(0).replica(loader, Workload.CAPACITY));
          }
          List<Cache<Integer, Integer>> caches = new ArrayList<>();
          for (RedisPeer peer : peers) {
            peer.awaitSettled();
            caches.add(peer.cache());
          }
          for (int round = 1; round <= rounds; round++) {
            long before = loader.calls();
            long nanos = round(caches, callers, round);
            long calls = loader.calls() - before;
            total += calls;
            System.out.println(String.format(Locale.ROOT, "%-23s %-6d %-13d %.1f", provider, round,
                calls, nanos / 1e6));
          }
          if (provider.equals("tenantcache-shared")) {
            for (RedisPeer peer : peers) {
              System.out.println("  shared tier of a replica: " + peer.sharedStatus());
            }
          }
        } finally {
          for (RedisPeer peer : peers) {
            peer.close();
          }
        }
        System.out.println(String.format(Locale.ROOT, "%-23s %d rounds, %d loader calls, %.1f per"
            + " round", provider, rounds, total, (double) total / rounds));
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * One round on key {@code key}, {@value #CALLERS} callers on each of {@code caches}: returns the
   * nanoseconds from the release to the last return.
   */
  private static long round(List<Cache<Integer, Integer>> caches, ExecutorService callers,
      int key) throws Exception {
    Integer boxed = key;
    CountDownLatch ready = new CountDownLatch(CALLERS * caches.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>(CALLERS * caches.size());
    for (Cache<Integer, Integer> cache : caches) {
      for (int i = 0; i < CALLERS; i++) {
        results.add(callers.submit(() -> {
          ready.countDown();
          go.await();
          return cache.get(boxed);
        }));
      }
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
