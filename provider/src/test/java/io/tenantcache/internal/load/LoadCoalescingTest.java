package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitCondition;
import static io.tenantcache.testing.LoadTestSupport.awaitParked;
import static io.tenantcache.testing.LoadTestSupport.failure;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static io.tenantcache.testing.LoadTestSupport.result;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.LoadTestSupport.Call;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import io.tenantcache.testing.TestPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Read-through misses are coalesced per tenant+key: one loader call however many threads miss at
 * once, loads of other keys and tenants are not held up, and writes landing during a load win.
 */
final class LoadCoalescingTest {
  private static final int THREADS = 32;

  private final ScriptedLoader loader = new ScriptedLoader();
  private final CountDownLatch entered = new CountDownLatch(1);
  @AutoClose private final Gate release = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool pool = TestPool.cached();


  private Cache<String, String> readThroughCache() {
    return fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader).statisticsEnabled(true));
  }

  /** The loader blocks until the test releases it, then answers {@code outcome}. */
  private void holdLoads(LoadTestSupport.Script outcome) {
    loader.onLoad(key -> {
      entered.countDown();
      hold(release);
      return outcome.load(key);
    });
  }

  /**
   * Starts {@link #THREADS} threads that miss {@code key} of tenant acme together and returns
   * their gets once all of them are parked: one in the loader, the others waiting for its load.
   */
  private List<Future<String>> stampede(Cache<String, String> cache, String key) {
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    Set<Thread> callers = ConcurrentHashMap.newKeySet();
    List<Future<String>> gets = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      gets.add(pool.submit(() -> {
        callers.add(Thread.currentThread());
        hold(start);
        started.incrementAndGet();
        return as("acme", () -> cache.get(key));
      }));
    }
    awaitCondition("all callers ready", () -> callers.size() == THREADS);
    start.countDown();
    await(entered, "the loader call");
    awaitCondition("all callers past the start line", () -> started.get() == THREADS);
    awaitParked(callers, "every caller parked in the loader or on its load");
    return gets;
  }

  @Test
  void get_stampedeOfMisses_oneLoaderCall_allCallersGetItsValue() {
    Cache<String, String> cache = readThroughCache();
    holdLoads(key -> "loaded-" + key);

    List<Future<String>> gets = stampede(cache, "k");
    release.countDown();

    for (Future<String> get : gets) {
      assertThat(result(get)).isEqualTo("loaded-k");
    }
    assertThat(loader.loadCalls).as("loader calls for %s threads", THREADS).hasValue(1);
    TenantStatistics statistics = admin(cache).statistics("acme");
    assertThat(statistics.loads()).isEqualTo(1);
    assertThat(statistics.misses()).isEqualTo(THREADS);
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("loaded-k");
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void get_stampedeOfMisses_loaderFails_everyCallerGetsCacheLoaderExceptionWithThatCause() {
    Cache<String, String> cache = readThroughCache();
    IllegalStateException boom = new IllegalStateException("backend down");
    holdLoads(key -> {
      throw boom;
    });

    List<Future<String>> gets = stampede(cache, "k");
    release.countDown();

    for (Future<String> get : gets) {
      Throwable thrown = failure(get);
      assertThat(thrown).isInstanceOf(CacheLoaderException.class);
      assertThat(thrown.getCause()).isSameAs(boom);
    }
    assertThat(loader.loadCalls).hasValue(1);
    assertThat(admin(cache).statistics("acme").loadFailures()).isEqualTo(1);
    assertThat(as("acme", () -> cache.containsKey("k"))).isFalse();
  }

  @Test
  void get_sameKeyUnderTwoTenants_loadsTwiceConcurrently() {
    Cache<String, String> cache = readThroughCache();
    CyclicBarrier bothInLoader = new CyclicBarrier(2);
    loader.onLoad(key -> {
      // Each load waits here for the other: only two loads running at once get past it.
      bothInLoader.await(LoadTestSupport.WAIT.toMillis(), MILLISECONDS);
      return Tenants.current().orElseThrow() + "/" + key;
    });

    Future<String> acme = pool.submit(() -> as("acme", () -> cache.get("k")));
    Future<String> globex = pool.submit(() -> as("globex", () -> cache.get("k")));

    assertThat(result(acme)).isEqualTo("acme/k");
    assertThat(result(globex)).isEqualTo("globex/k");
    assertThat(loader.calls("load")).extracting(Call::tenant)
        .containsExactlyInAnyOrder(Optional.of("acme"), Optional.of("globex"));
  }

  /** A key whose every instance lands in one hash bin; equal only to an equal name. */
  record SameBinKey(String name) implements Serializable {
    @Override
    public int hashCode() {
      return 42;
    }
  }

  /** A read-through cache of any keys whose loader blocks on {@code held} until released. */
  private Cache<Object, String> cacheHolding(Object held) {
    CacheLoader<Object, String> objectLoader = new CacheLoader<>() {
      @Override
      public String load(Object key) {
        if (key.equals(held)) {
          entered.countDown();
          try {
            hold(release);
          } catch (InterruptedException e) {
            throw new CacheLoaderException(e);
          }
        }
        return "loaded-" + key;
      }

      @Override
      public Map<Object, String> loadAll(Iterable<?> keys) {
        throw new UnsupportedOperationException();
      }
    };
    return fixture.create(fixture.builder(Object.class, String.class)
        .readThrough(() -> objectLoader));
  }

  @Test
  void get_heldLoad_doesNotBlockOtherKeys_evenInItsHashBin() {
    SameBinKey held = new SameBinKey("held");
    Cache<Object, String> cache = cacheHolding(held);
    Future<String> heldGet = pool.submit(() -> as("acme", () -> cache.get(held)));
    await(entered, "the held load");

    int operations = 10_000;
    Future<Integer> others = pool.submit(() -> as("acme", () -> {
      int done = 0;
      for (int i = 0; i < operations; i++) {
        // Half the keys share the held key's hash bin (in the store and in the loads in flight).
        Object key = (i % 2 == 0) ? new SameBinKey("k" + (i % 200)) : "k" + (i % 200);
        if (i % 3 == 0) {
          cache.put(key, "put-" + i);
        } else {
          assertThat(cache.get(key)).isNotNull();
        }
        done++;
      }
      return done;
    }));

    assertThat(result(others)).isEqualTo(operations);
    assertThat(heldGet).isNotDone();
    release.countDown();
    assertThat(result(heldGet)).isEqualTo("loaded-" + held);
  }
  @Test
  void put_duringLoad_winsOverTheLoadedValue_andItsGetsAnswerThePutValue() {
    Cache<String, String> cache = readThroughCache();
    holdLoads(key -> "loaded-" + key);
    Future<String> get = pool.submit(() -> as("acme", () -> cache.get("k")));
    await(entered, "the held load");

    result(pool.submit(() -> as("acme", () -> {
      cache.put("k", "put");
      return null;
    })));
    release.countDown();

    assertThat(result(get)).as("the get reads as if after the put").isEqualTo("put");
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("put");
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void remove_duringLoad_winsOverTheLoadedValue_andItsGetsLoadAgain() {
    Cache<String, String> cache = readThroughCache();
    try (HeldLoads loads = new HeldLoads(2)) {
      Future<String> get = pool.submit(() -> as("acme", () -> cache.get("k")));
      loads.awaitEntered(1);
      assertThat(result(pool.submit(() -> as("acme", () -> cache.remove("k"))))).isFalse();
      loads.release(1);
      loads.release(2);
      assertThat(result(get)).as("a value loaded after the removal").isEqualTo("loaded-k-2");
    }
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("loaded-k-2");
    assertThat(loader.loadCalls).hasValue(2);
  }

  @Test
  void removesDuringEveryReload_endWithTheLastLoadedValue_notStored() {
    Cache<String, String> cache = readThroughCache();
    int loadsInAll = LoadCoordinator.MAX_RELOADS + 1;
    try (HeldLoads loads = new HeldLoads(loadsInAll)) {
      Future<String> get = pool.submit(() -> as("acme", () -> cache.get("k")));
      for (int load = 1; load <= loadsInAll; load++) {
        loads.awaitEntered(load);
        assertThat(result(pool.submit(() -> as("acme", () -> cache.remove("k"))))).isFalse();
        loads.release(load);
      }
      assertThat(result(get)).isEqualTo("loaded-k-" + loadsInAll);
    }
    assertThat(as("acme", () -> cache.containsKey("k"))).as("not stored").isFalse();
    assertThat(loader.loadCalls).hasValue(loadsInAll);
  }

  /** Loads that each wait for the test: the n-th answers {@code loaded-<key>-<n>}. */
  private final class HeldLoads implements AutoCloseable {
    private final List<CountDownLatch> entered = new ArrayList<>();
    private final List<Gate> gates = new ArrayList<>();

    HeldLoads(int count) {
      for (int i = 0; i < count; i++) {
        entered.add(new CountDownLatch(1));
        Gate gate = new Gate();
        gates.add(gate);
      }
      AtomicInteger calls = new AtomicInteger();
      loader.onLoad(key -> {
        int call = calls.incrementAndGet();
        entered.get(call - 1).countDown();
        hold(gates.get(call - 1));
        return "loaded-" + key + "-" + call;
      });
    }

    void awaitEntered(int load) {
      await(entered.get(load - 1), "load " + load);
    }

    void release(int load) {
      gates.get(load - 1).close();
    }

    @Override
    public void close() {
      gates.forEach(Gate::close);
    }
  }
}
