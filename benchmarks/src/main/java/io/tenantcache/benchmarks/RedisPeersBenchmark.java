package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis
// compare.sh requires: pom.xml <artifactId>redisson</artifactId>
// compare.sh requires: provider/src/main/java/io/tenantcache/cluster/ClusterTransport.java sharedTier()

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Redisson's JCache provider, the Redis-backed JCache a user picks today, against TenantCache on
 * the same redis-server (see {@link RedisPeer} for the peers, {@link LocalRedis} for the server):
 * {@code get}, a hit (every key was put in the setup, checked in setup and teardown), and {@code
 * put}, an update of a held key with the same value, along a Zipfian trace over {@value #KEYS}
 * keys. Redisson serves every get from Redis; TenantCache serves a hit from its local store, in
 * mode {@code invalidate} using Redis for invalidations only, in mode {@code shared} also as a
 * second tier behind the local one (not read here: every get is a local hit), so the get ratio is
 * what a local tier buys (the goal is 100 times Redisson's get or better) and the put
 * ratio what each write costs the writer on both sides. A TenantCache put returns before Redis
 * has the change (mode shared: the value), Redisson's after: see {@link SharedTierBenchmark} for
 * a read that goes to Redis on both sides. After a put trial in mode shared the teardown waits
 * until every change has been sent and prints how many of the keys Redis then holds (read by
 * another replica).
 *
 * <p>Average time per operation in microseconds, not throughput: an operation that is a network
 * round trip reads better as microseconds than as a small fraction of an operation per
 * microsecond.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RedisPeersBenchmark {
  /** Keys held, {@code 0 .. KEYS - 1}, with the key as the value. */
  public static final int KEYS = 1 << 14;

  @Param({"redisson", "tenantcache-shared", "tenantcache-invalidate", "tenantcache-local"})
  public String provider;

  private LocalRedis redis;
  private RedisPeer peer;
  private Cache<Integer, Integer> cache;
  private Integer[] trace;

  @Setup(Level.Trial)
  public void createAndPopulate() throws Exception {
    redis = LocalRedis.start();
    peer = RedisPeer.open(provider, redis.uri(), null);
    cache = peer.cache();
    peer.populate(KEYS);
    trace = Workload.zipfianTrace(KEYS);
    checkEveryKeyHits();
  }

  @TearDown(Level.Trial)
  public void close(BenchmarkParams params) throws Exception {
    checkEveryKeyHits();
    if (provider.startsWith("tenantcache-") && !provider.equals("tenantcache-local")) {
      System.out.println("cluster figures at the end: " + peer.figures());
    }
    if (provider.equals("tenantcache-shared") && params.getBenchmark().endsWith(".put")) {
      peer.awaitSettled();
      System.out.println("shared tier after the put trial: Redis holds " + keysInRedis()
          + " of the " + KEYS + " keys");
    }
    peer.close();
    redis.close();
  }

  /** Mode shared: how many keys another replica (no loader) finds in Redis. */
  private int keysInRedis() throws InterruptedException {
    try (RedisPeer reader = peer.replica(null, Workload.CAPACITY)) {
      reader.awaitSettled();
      int found = 0;
      for (int key = 0; key < KEYS; key++) {
        Integer value = reader.cache().get(key);
        if (value != null && value == key) {
          found++;
        }
      }
      return found;
    }
  }

  private void checkEveryKeyHits() {
    for (int key = 0; key < KEYS; key++) {
      Integer value = cache.get(key);
      if (value == null || value != key) {
        throw new IllegalStateException(provider + ": key " + key + " holds " + value);
      }
    }
  }

  @Benchmark
  public Integer get(ThreadIndex thread) {
    return cache.get(trace[thread.index++ & Workload.MASK]);
  }

  @Benchmark
  public void put(ThreadIndex thread) {
    Integer key = trace[thread.index++ & Workload.MASK];
    cache.put(key, key);
  }
}
