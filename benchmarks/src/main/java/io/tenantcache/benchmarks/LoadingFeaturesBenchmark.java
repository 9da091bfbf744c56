// compare.sh requires: provider/src/main/java/io/tenantcache/TenantCache.java getAsync
package io.tenantcache.benchmarks;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
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
 * TenantCache only: what the loading features of issue 21 cost a hit, on a read-through cache
 * three quarters full (the Zipfian trace of the other benchmarks, every get a hit). {@code
 * refreshAhead}: {@code refreshAfterWrite} set, never due during the run, against {@code plain};
 * {@code getAsync} against {@code get}. Read as ratios within one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class LoadingFeaturesBenchmark {
  /** {@code plain}: a read-through cache; {@code refreshAhead}: the same with refreshAfterWrite. */
  @Param({"plain", "refreshAhead"})
  public String mode;

  private CacheManager manager;
  private Cache<Integer, Integer> cache;
  private TenantCache<Integer, Integer> tenantCache;
  private Integer[] keys;

  /** Loads a key as itself; the trace only hits, so it runs in setup checks alone. */
  public static final class IdentityLoader implements CacheLoader<Integer, Integer>,
      java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer load(Integer key) {
      return key;
    }

    @Override
    public Map<Integer, Integer> loadAll(Iterable<? extends Integer> keys) {
      throw new UnsupportedOperationException("the benchmark loads one key at a time");
    }
  }

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void createAndPopulate() {
    int universe = Workload.universe(Workload.CAPACITY);
    keys = Workload.zipfianTrace(universe);
    manager = Caching.getCachingProvider("io.tenantcache.spi.TenantCachingProvider")
        .getCacheManager(URI.create("urn:tenantcache:bench-loading-" + System.nanoTime()),
            LoadingFeaturesBenchmark.class.getClassLoader());
    TenantCacheConfiguration.Builder<Integer, Integer> builder =
        TenantCacheConfiguration.builder(Integer.class, Integer.class)
            .maximumSize(Workload.CAPACITY)
            .storeByValue(false)
            .readThrough(FactoryBuilder.factoryOf(new IdentityLoader()));
    if (mode.equals("refreshAhead")) {
      builder.refreshAfterWrite(Duration.ofHours(1));
    }
    cache = manager.createCache("loading", builder.build());
    for (int key = 0; key < universe; key++) {
      cache.put(key, key);
    }
    tenantCache = cache.unwrap(TenantCache.class);
    for (Integer key : keys) {
      if (!key.equals(cache.get(key))) {
        throw new IllegalStateException("setup: key " + key + " is not held");
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    manager.close();
  }

  @Benchmark
  public Integer get(ThreadIndex thread) {
    return cache.get(keys[thread.index++ & Workload.MASK]);
  }

  @Benchmark
  public CompletableFuture<Integer> getAsync(ThreadIndex thread) {
    return tenantCache.getAsync(keys[thread.index++ & Workload.MASK]);
  }
}
