package io.tenantcache.internal.cache;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.Tenants;
import io.tenantcache.internal.cache.CacheLifecycle;
import io.tenantcache.internal.load.ResilienceRegistries;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.testing.KeyLoader;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.processor.EntryProcessor;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared glue for the Lincheck tests: a fresh, small cache for every Lincheck invocation (so each
 * one starts from the same state, which model checking needs), the ways a cache can be set up
 * (plain, with a listener so that every write is a compute, read-through), the increment entry
 * processor, and the run sizes, kept inside the CI budget and scaled up with {@code
 * -Dtenantcache.lincheck.scale=N}.
 *
 * <p>The caches are built straight from {@link CacheLifecycle} (no manager registration, no MXBean,
 * nothing to close), so an invocation's cache is garbage once the invocation ends.
 */
final class LinearizabilitySupport {
  /** The loader's value for an absent key under read-through: distinct from every put value. */
  static final int LOADED_OFFSET = 100;

  private static final int SCALE = Integer.getInteger("tenantcache.lincheck.scale", 1);
  private static final CacheManager MANAGER = new TenantCachingProvider().getCacheManager(
      URI.create("urn:tenantcache:lincheck"), LinearizabilitySupport.class.getClassLoader());
  private static final AtomicInteger CACHES = new AtomicInteger();
  private static final ResilienceRegistries RESILIENCE = new ResilienceRegistries("lincheck");

  private LinearizabilitySupport() {}

  /** How the cache under test is set up. */
  enum Setup {
    /** No writer, no listener, eternal: a put is one map write. */
    PLAIN,
    /** A synchronous listener: every change is an atomic compute that publishes an event. */
    LISTENED,
    /** Read-through: a get of an absent key loads {@code key + LOADED_OFFSET}, coalesced. */
    READ_THROUGH
  }

  /** The setup the next Lincheck run uses (read when each invocation's cache is made). */
  static volatile Setup setup = Setup.PLAIN;

  /** Returns a new cache whose main view resolves the tenant as a manager does (bound, else default). */
  static Cache<Integer, Integer> newCache() {
    TenantCacheConfiguration.Builder<Integer, Integer> builder = TenantCacheConfiguration
        .builder(Integer.class, Integer.class)
        .maximumSize(1_000)
        .storeByValue(false)
        .ticker(() -> 0L)   // no clock: the same history replays the same way
        // Maintenance on the calling threads: model checking controls every thread that touches
        // the cache, and a pool thread it cannot see would make its runs non-deterministic. The
        // entry operations' atomicity does not depend on where maintenance runs.
        .maintenanceExecutor(Runnable::run);
    switch (setup) {
      case LISTENED:
        builder.addListener(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new Listener()), null, true, true));
        break;
      case READ_THROUGH:
        builder.readThrough(FactoryBuilder.factoryOf(new Loader()));
        break;
      default:
    }
    return CacheLifecycle.create("lincheck-" + CACHES.incrementAndGet(), MANAGER, builder.build(),
        () -> Tenants.current().orElse("default"), RESILIENCE, () -> { }).mainView();
  }

  /** Stress: many runs of random scenarios on real threads. */
  static StressOptions stress(int iterations, int invocations) {
    return new StressOptions()
        .iterations(iterations * SCALE)
        .invocationsPerIteration(invocations)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(1)
        .minimizeFailedScenario(true);
  }

  /** Model checking: the interleavings of each scenario at every shared-memory access. */
  static ModelCheckingOptions modelChecking(int iterations, int invocations) {
    return new ModelCheckingOptions()
        .iterations(iterations * SCALE)
        .invocationsPerIteration(invocations)
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1);
  }

  /**
   * Skips the calling test class in the JVM shared with the other tests (where Lincheck would
   * instrument thousands of loaded classes first); the build runs it in a JVM of its own.
   */
  static void assumeOwnJvm() {
    Assumptions.assumeFalse(Boolean.getBoolean("tenantcache.lincheck.shared-jvm"),
        "the Lincheck tests run in the build's linearizability execution, in a JVM of their own");
  }

  /** Warms every path once outside Lincheck, so that class loading is not part of a history. */
  static void warmUp() {
    for (Setup each : Setup.values()) {
      setup = each;
      Cache<Integer, Integer> cache = newCache();
      for (int key = 1; key <= 3; key++) {
        int k = key;
        Tenants.run("t" + key, () -> {
          cache.get(k);
          cache.put(k, k);
          cache.putIfAbsent(k, k);
          cache.replace(k, k);
          cache.getAndPut(k, k);
          cache.invoke(k, INCREMENT);
          cache.remove(k);
        });
      }
    }
  }

  /**
   * Adds one to the entry's value (1 if absent, also after a read-through load) and returns the
   * value it saw, or null.
   */
  static final EntryProcessor<Integer, Integer, Integer> INCREMENT = (entry, args) -> {
    Integer seen = entry.getValue();
    entry.setValue((seen == null) ? 1 : seen + 1);
    return seen;
  };

  /** The sequential meaning of {@link #INCREMENT}: the same on a plain map. */
  static Integer increment(Map<Integer, Integer> map, int key, boolean readThrough) {
    Integer seen = read(map, key, readThrough);
    map.put(key, (seen == null) ? 1 : seen + 1);
    return seen;
  }

  /** The sequential meaning of a get: the value, else (read-through) the loaded one, stored. */
  static Integer read(Map<Integer, Integer> map, int key, boolean readThrough) {
    Integer value = map.get(key);
    if (value == null && readThrough) {
      value = key + LOADED_OFFSET;
      map.put(key, value);
    }
    return value;
  }

  /** A tenant's map in a sequential specification. */
  static Map<Integer, Integer> partition(Map<String, Map<Integer, Integer>> tenants, String id) {
    return tenants.computeIfAbsent(id, t -> new HashMap<>());
  }

  /** Loads {@code key + LOADED_OFFSET}. */
  static final class Loader implements KeyLoader<Integer, Integer>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer load(Integer key) {
      return key + LOADED_OFFSET;
    }
  }

  /** A listener that does nothing: its presence makes every change a compute with an event. */
  static final class Listener implements CacheEntryCreatedListener<Integer, Integer>,
      java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onCreated(
        Iterable<javax.cache.event.CacheEntryEvent<? extends Integer, ? extends Integer>> events) {
      events.forEach(event -> event.getValue());
    }
  }
}
