package io.tenantcache.benchmarks;

import io.tenantcache.TenantCache;
import io.tenantcache.Tenants;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;
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
 * TenantCache only: get hits over a Zipfian key trace spread over 1, 100 or 10,000 tenants, from
 * precomputed arrays, the tenant changing from one operation to the next. Two ways to pick the
 * tenant: {@code bind} opens a {@code Tenants.bind} scope around each get on the main view,
 * {@code view} calls a {@code forTenant} view made once per tenant. Compare each to its own
 * 1-tenant score.
 *
 * <p>The cache (capacity {@link Workload#CAPACITY}) is populated with every (tenant, key) entry
 * of the spread, at least three quarters of its capacity, before the run; every (tenant, key) of
 * the trace is one of them, so every get is a hit (checked in setup and teardown). Two spreads
 * ({@code spread} parameter):
 *
 * <ul>
 *   <li>{@code key}: the universe of {@link Workload#universe} keys, key {@code k} held by tenant
 *       {@code k % tenants}; the trace is the one of {@link PopulatedCache}, position {@code i}
 *       asking key {@code k} of tenant {@code k % tenants}. The entries and the access pattern
 *       are the same for every tenant count, so the ratio isolates the per-tenant cost.
 *   <li>{@code position}: each tenant holds its own copy of the keys {@code 0 .. u - 1}, {@code
 *       u} the universe divided by the tenants (rounded up); position {@code i} asks tenant {@code
 *       i % tenants} (round-robin per operation) for a key of a Zipfian trace over those {@code u}
 *       keys. A hot key is then a different entry for every tenant, as in a real multi-tenant
 *       cache: with more tenants the gets spread more evenly over the same number of entries.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TenantsBenchmark {
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
  private Cache<Integer, Integer>[] views;
  private int keysPerTenant;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void createAndPopulate() {
    cache = Provider.TENANTCACHE.create(CacheSpec.of(Workload.CAPACITY, statistics));
    mainView = cache.jcache();
    TenantCache<Integer, Integer> admin = mainView.unwrap(TenantCache.class);
    String[] ids = new String[tenants];
    views = (Cache<Integer, Integer>[]) new Cache<?, ?>[tenants];
    for (int t = 0; t < tenants; t++) {
      ids[t] = "tenant-" + t;
      views[t] = admin.forTenant(ids[t]);
    }
    int universe = Workload.universe(Workload.CAPACITY);
    keysPerTenant = switch (spread) {
      case "key" -> universe;
      case "position" -> (universe + tenants - 1) / tenants;
      default -> throw new IllegalArgumentException("spread is 'position' or 'key', not " + spread);
    };
    keys = Workload.zipfianTrace(keysPerTenant);
    tenantAt = new String[Workload.TRACE_LENGTH];
    viewAt = (Cache<Integer, Integer>[]) new Cache<?, ?>[Workload.TRACE_LENGTH];
    for (int i = 0; i < Workload.TRACE_LENGTH; i++) {
      int tenant = tenantIndex(i);
      tenantAt[i] = ids[tenant];
      viewAt[i] = views[tenant];
    }
    long entries = populate();
    verifyHeld("setup");
    verifyAllHits("setup");
    System.out.printf("%n[tenants] %d tenants spread by %s: %d (tenant, key) entries in a capacity"
        + " of %d, %d tenants hold entries%n", tenants, spread, entries, Workload.CAPACITY,
        admin.tenants().size());
  }

  private int tenantIndex(int position) {
    return spread.equals("key") ? keys[position] % tenants : position % tenants;
  }

  /** Puts every entry of the spread (key = value) and returns how many. */
  private long populate() {
    long[] entries = {0};
    forEachEntry((view, key) -> {
      Integer box = key;
      view.put(box, box);
      entries[0]++;
    });
    if (entries[0] < Workload.universe(Workload.CAPACITY) || entries[0] > Workload.CAPACITY) {
      throw new IllegalStateException(entries[0] + " entries for a capacity of "
          + Workload.CAPACITY + ": not three quarters full, or over full");
    }
    return entries[0];
  }

  /** Throws unless every entry put is held: nothing was evicted. */
  private void verifyHeld(String when) {
    long[] missing = {0};
    forEachEntry((view, key) -> {
      if (!Integer.valueOf(key).equals(view.get(key))) {
        missing[0]++;
      }
    });
    if (missing[0] > 0) {
      throw new IllegalStateException(when + ": " + missing[0] + " (tenant, key) entries put are"
          + " not held");
    }
  }

  /** Calls {@code action} with the tenant's view and the key of every entry of the spread. */
  private void forEachEntry(ObjIntConsumer<Cache<Integer, Integer>> action) {
    if (spread.equals("key")) {
      for (int key = 0; key < keysPerTenant; key++) {
        action.accept(views[key % tenants], key);
      }
    } else {
      for (Cache<Integer, Integer> view : views) {
        for (int key = 0; key < keysPerTenant; key++) {
          action.accept(view, key);
        }
      }
    }
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
      verifyHeld("teardown");
      verifyAllHits("teardown");
    } finally {
      cache.close();
    }
  }
}
