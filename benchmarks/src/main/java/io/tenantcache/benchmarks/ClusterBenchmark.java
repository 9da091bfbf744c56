package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
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

/**
 * A clustered cache (mode {@code invalidate}, through a real redis-server on loopback) against
 * the same cache local, three quarters full, on the Zipfian trace of the other benchmarks: {@code
 * get} (every get a hit: clustering must not cost a hit) and {@code put} (every put publishes an
 * invalidation: what the outbox and the batched stream entries cost a writer), with the trace's
 * keys as {@code Integer}s or as {@code String}s (a string key is serialized without a stream).
 * The server: see
 * {@link LocalRedis}. The teardown prints the cluster's figures
 * (sent, outbox) so that a put run shows whether the sender kept up.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ClusterBenchmark {
  @Param({"local", "invalidate"})
  public String mode;

  /** {@code integer}: the trace's Integer keys; {@code string}: the same keys as Strings. */
  @Param({"integer", "string"})
  public String keys;

  private LocalRedis redis;
  private CacheManager manager;
  private Cache<Object, Integer> cache;
  private Object[] trace;

  @Setup(Level.Trial)
  public void createAndPopulate() throws Exception {
    int universe = Workload.universe(Workload.CAPACITY);
    Integer[] numbers = Workload.zipfianTrace(universe);
    trace = new Object[numbers.length];
    for (int i = 0; i < numbers.length; i++) {
      trace[i] = keys.equals("string") ? "key-" + numbers[i] : numbers[i];
    }
    Properties properties = new Properties();
    if (mode.equals("invalidate")) {
      redis = LocalRedis.start();
      properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redis.uri());
      properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, "bench-" + System.nanoTime());
    }
    manager = Caching.getCachingProvider("io.tenantcache.spi.TenantCachingProvider")
        .getCacheManager(URI.create("urn:tenantcache:bench-cluster-" + System.nanoTime()),
            ClusterBenchmark.class.getClassLoader(), properties);
    cache = manager.createCache("cluster", TenantCacheConfiguration.builder(Object.class,
        Integer.class).maximumSize(Workload.CAPACITY).storeByValue(false).build());
    for (int key = 0; key < universe; key++) {
      cache.put(keys.equals("string") ? "key-" + key : Integer.valueOf(key), key);
    }
    if (mode.equals("invalidate")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (status().outbox() > 0 || !status().current()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster did not settle: " + status());
        }
        Thread.sleep(10);
      }
    }
  }

  private ClusterStatus status() {
    return manager.unwrap(ClusterTransport.class).status();
  }

  @TearDown(Level.Trial)
  public void close() {
    if (mode.equals("invalidate")) {
      System.out.println("cluster figures: " + status());
    }
    manager.close();
    if (redis != null) {
      redis.close();
    }
  }

  @Benchmark
  public Integer get(ThreadIndex thread) {
    return cache.get(trace[thread.index++ & Workload.MASK]);
  }

  @Benchmark
  public void put(ThreadIndex thread) {
    cache.put(trace[thread.index++ & Workload.MASK], 1);
  }
}
