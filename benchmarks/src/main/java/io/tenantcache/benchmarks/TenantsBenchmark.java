package io.tenantcache.benchmarks;

import io.tenantcache.TenantCache;
import io.tenantcache.Tenants;
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

/**
 * TenantCache only: get hits over the same Zipfian key trace spread over 1, 100 or 10,000 tenants,
 * from precomputed arrays, the tenant changing from one operation to the next. Two ways to pick
 * the tenant: {@code bind} opens a {@code Tenants.bind} scope around each get on the main view,
 * {@code view} calls a {@code forTenant} view made once per tenant. Compare each to its own
 * 1-tenant score.
 *
 * <p>Two spreads ({@code spread} parameter):
 *
 * <ul>
 *   <li>{@code position}: trace position {@code i} belongs to tenant {@code i % tenants}
 *       (round-robin per operation). A hot key is then a different entry for every tenant, so more
 *       tenants means more distinct entries (about 6,300 for 1 tenant, 63,000 for 10,000), as in a
 *       real multi-tenant cache: the working set grows.
 *   <li>{@code key}: key {@code k} belongs to tenant {@code k % tenants}. The entries and the access
 *       pattern are the same for every tenant count, so the ratio isolates the per-tenant cost
 *       (with 10,000 tenants only the tenants of keys that occur hold entries, about 5,000).
 * </ul>
 *
 * <p>Every (tenant, key) pair of the trace is pre-populated; the capacity ({@code 2 * trace
 * length}) holds all of them, so every get is a hit (checked in setup and teardown).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TenantsBenchmark {
  /** Capacity: every (tenant, key) pair of the trace fits. */
  public static final int CAPACITY = 2 * Workload.TRACE_LENGTH;

  @Param({"1", "100", "10000"})
  public int tenants;

  @Param({"position", "key"})
  public String spread;

  @Param({"false"})
  public boolean statistics;

  private BenchCache cache;
  private Cache<Integer, Integer> mainView;
  private Integer[] keys;
  private String[] tenantAt;
  private Cache<Integer, Integer>[] viewAt;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void createAndPopulate() {
    keys = Workload.zipfianTrace();
    cache = Provider.TENANTCACHE.create(CacheSpec.of(CAPACITY, statistics));
    mainView = cache.jcache();
    TenantCache<Integer, Integer> admin = mainView.unwrap(TenantCache.class);
    String[] ids = new String[tenants];
    Cache<Integer, Integer>[] views = (Cache<Integer, Integer>[]) new Cache<?, ?>[tenants];
    for (int t = 0; t < tenants; t++) {
      ids[t] = "tenant-" + t;
      views[t] = admin.forTenant(ids[t]);
    }
    tenantAt = new String[Workload.TRACE_LENGTH];
    viewAt = (Cache<Integer, Integer>[]) new Cache<?, ?>[Workload.TRACE_LENGTH];
    for (int i = 0; i < Workload.TRACE_LENGTH; i++) {
      int tenant = tenantIndex(i);
      tenantAt[i] = ids[tenant];
      viewAt[i] = views[tenant];
      viewAt[i].put(keys[i], keys[i]);
    }
    verifyAllHits("setup");
    java.util.Set<Long> pairs = new java.util.HashSet<>();
    for (int i = 0; i < Workload.TRACE_LENGTH; i++) {
      pairs.add(((long) tenantIndex(i) << 32) | keys[i]);
    }
    System.out.printf("%n[tenants] %d tenants spread by %s: %d (tenant, key) entries, %d tenants"
        + " hold entries%n", tenants, spread, pairs.size(), admin.tenants().size());
  }

  private int tenantIndex(int position) {
    return switch (spread) {
      case "position" -> position % tenants;
      case "key" -> keys[position] % tenants;
      default -> throw new IllegalArgumentException("spread is 'position' or 'key', not " + spread);
    };
  }

  private void verifyAllHits(String when) {
    long misses = 0;
    for (int i = 0; i < Workload.TRACE_LENGTH; i++) {
      Integer viaView = viewAt[i].get(keys[i]);
      Integer viaBinding;
      try (Tenants.Scope scope = Tenants.bind(tenantAt[i])) {
        viaBinding = mainView.get(keys[i]);
      }
      if (!keys[i].equals(viaView) || !keys[i].equals(viaBinding)) {
        misses++;
      }
    }
    if (misses > 0) {
      throw new IllegalStateException(when + ": " + misses + " of " + Workload.TRACE_LENGTH
          + " (tenant, key) gets missed");
    }
  }

  @Benchmark
  public Integer bind(ThreadIndex thread) {
    int i = thread.index++ & Workload.MASK;
    try (Tenants.Scope scope = Tenants.bind(tenantAt[i])) {
      return mainView.get(keys[i]);
    }
  }

  @Benchmark
  public Integer view(ThreadIndex thread) {
    int i = thread.index++ & Workload.MASK;
    return viewAt[i].get(keys[i]);
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      verifyAllHits("teardown");
    } finally {
      cache.close();
    }
  }
}
