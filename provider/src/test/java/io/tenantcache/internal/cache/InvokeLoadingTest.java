package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitCondition;
import static io.tenantcache.testing.LoadTestSupport.awaitParked;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static io.tenantcache.testing.LoadTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.TestPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.event.EventType;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An entry processor that reads an absent entry of a read-through cache loads it the way a get
 * does: outside the store's lock, coalesced with the gets and processors that miss the same
 * tenant+key, and then runs on what the entry holds.
 */
final class InvokeLoadingTest {
  private static final int THREADS = 32;
  private static final EntryProcessor<String, String, String> READ =
      (entry, arguments) -> entry.getValue();

  private final ScriptedLoader loader = new ScriptedLoader();
  private final CountDownLatch entered = new CountDownLatch(1);
  @AutoClose private final Gate release = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool pool = TestPool.cached();

  private Cache<String, String> readThroughCache() {
    return fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader).statisticsEnabled(true));
  }

  /** The loader blocks until the test releases it, then answers "loaded-" and the key. */
  private void holdLoads() {
    loader.onLoad(key -> {
      entered.countDown();
      hold(release);
      return "loaded-" + key;
    });
  }

  /** Runs {@code calls} on the pool together and returns them once all are parked. */
  private List<Future<String>> together(List<Callable<String>> calls) {
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    Set<Thread> callers = ConcurrentHashMap.newKeySet();
    List<Future<String>> futures = new ArrayList<>();
    for (Callable<String> call : calls) {
      futures.add(pool.submit(() -> {
        callers.add(Thread.currentThread());
        hold(start);
        started.incrementAndGet();
        return call.call();
      }));
    }
    awaitCondition("all callers ready", () -> callers.size() == calls.size());
    start.countDown();
    await(entered, "the loader call");
    awaitCondition("all callers past the start line", () -> started.get() == calls.size());
    awaitParked(callers, "every caller parked in the loader or on its load");
    return futures;
  }

  @Test
  void invokesAndGetsOfOneAbsentKey_makeOneLoaderCall_andAllReadItsValue() {
    Cache<String, String> cache = readThroughCache();
    holdLoads();
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      calls.add(() -> as("acme", () -> cache.invoke("k", READ)));
      calls.add(() -> as("acme", () -> cache.get("k")));
    }

    List<Future<String>> all = together(calls);
    release.close();

    for (Future<String> call : all) {
      assertThat(result(call)).isEqualTo("loaded-k");
    }
    assertThat(loader.loadCalls).as("loader calls for %s callers", 2 * THREADS).hasValue(1);
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("loaded-k");
  }

  /** A key whose every instance lands in one hash bin; equal only to an equal name. */
  record SameBinKey(String name) implements Serializable {
    @Override
    public int hashCode() {
      return 42;
    }
  }

  @Test
  void aSlowLoadOfAnInvoke_doesNotBlockAPutOfAKeyInTheSameHashBin() {
    SameBinKey held = new SameBinKey("held");
    CacheLoader<SameBinKey, String> slow = new CacheLoader<>() {
      @Override
      public String load(SameBinKey key) {
        entered.countDown();
        try {
          hold(release);
        } catch (InterruptedException e) {
          throw new CacheLoaderException(e);
        }
        return "loaded-" + key.name();
      }

      @Override
      public Map<SameBinKey, String> loadAll(Iterable<? extends SameBinKey> keys) {
        throw new UnsupportedOperationException();
      }
    };
    Cache<SameBinKey, String> cache = fixture.create(
        fixture.builder(SameBinKey.class, String.class).readThrough(() -> slow));
    Future<String> invoke = pool.submit(() -> as("acme",
        () -> cache.invoke(held, (entry, arguments) -> entry.getValue())));
    await(entered, "the invoke's load");

    SameBinKey neighbour = new SameBinKey("neighbour");
    Future<String> put = pool.submit(() -> as("acme", () -> {
      cache.put(neighbour, "put while the load is held");
      return cache.get(neighbour);
    }));

    // Bounded: a put blocked behind the held load (its bin's lock) would fail here.
    assertThat(result(put)).isEqualTo("put while the load is held");
    release.close();
    assertThat(result(invoke)).isEqualTo("loaded-held");
  }

  @Test
  void aWriteThatLandsDuringTheLoad_isWhatTheProcessorRunsOn() {
    Cache<String, String> cache = readThroughCache();
    holdLoads();
    Future<String> invoke = pool.submit(() -> as("acme", () -> cache.invoke("k",
        (entry, arguments) -> {
          String read = entry.getValue();
          entry.setValue(read + "+processed");
          return read;
        })));
    await(entered, "the invoke's load");

    Tenants.run("acme", () -> cache.put("k", "written"));
    release.close();

    assertThat(result(invoke)).isEqualTo("written");
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("written+processed");
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void aProcessorThatRemovesAWriteLandedDuringItsLoad_countsTheRemovalAndOneMiss() {
    Cache<String, String> cache = readThroughCache();
    holdLoads();
    Future<Boolean> invoke = pool.submit(() -> as("acme", () -> cache.invoke("k",
        (entry, arguments) -> {
          if (entry.exists()) {
            entry.remove();
            return true;
          }
          entry.getValue();
          return false;
        })));
    await(entered, "the invoke's load");

    Tenants.run("acme", () -> cache.put("k", "written"));
    release.close();

    assertThat(result(invoke)).isTrue();
    assertThat(as("acme", () -> cache.containsKey("k"))).isFalse();
    TenantStatistics statistics = admin(cache).statistics("acme");
    assertThat(statistics.removals()).isEqualTo(1);
    assertThat(statistics.misses()).isEqualTo(1);
    assertThat(statistics.puts()).isEqualTo(1);
  }

  @Test
  void aProcessorThatCatchesEverything_stillLoadsOutsideTheLock_andReadsTheValue() {
    Cache<String, String> cache = readThroughCache();
    loader.onLoad(key -> "loaded-" + key);

    String read = as("acme", () -> cache.invoke("k", (entry, arguments) -> {
      try {
        return entry.getValue();
      } catch (RuntimeException e) {
        return "swallowed " + e.getClass().getSimpleName();
      }
    }));

    assertThat(read).isEqualTo("loaded-k");
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void aReadThroughInvoke_countsOneMissAndOneLoad_andPublishesOneCreation() {
    RecordingListener<String, String> listener = new RecordingListener<>();
    Cache<String, String> cache = readThroughCache();
    cache.registerCacheEntryListener(listener.configuration(true));
    loader.onLoad(key -> "loaded-" + key);

    assertThat(as("acme", () -> cache.invoke("k", READ))).isEqualTo("loaded-k");

    TenantStatistics statistics = admin(cache).statistics("acme");
    assertThat(statistics.misses()).isEqualTo(1);
    assertThat(statistics.hits()).isZero();
    assertThat(statistics.loads()).isEqualTo(1);
    assertThat(listener.events()).extracting(RecordingListener.Seen::type, RecordingListener.Seen::key)
        .containsExactly(tuple(EventType.CREATED, "k"));
  }

  @Test
  void anInvokeThatDoesNotRead_neitherLoadsNorSupersedesTheLoadInFlight() {
    Cache<String, String> cache = readThroughCache();
    holdLoads();
    Future<String> get = pool.submit(() -> as("acme", () -> cache.get("k")));
    await(entered, "the get's load");

    Boolean exists = as("acme", () -> cache.invoke("k", (entry, arguments) -> entry.exists()));
    release.close();

    assertThat(exists).isFalse();
    assertThat(result(get)).isEqualTo("loaded-k");
    // Stored: the invoke, which only looked, did not count as a write that supersedes the load.
    Boolean stored = as("acme", () -> cache.invoke("k", (entry, arguments) -> entry.exists()));
    assertThat(stored).isTrue();
    assertThat(loader.loadCalls).hasValue(1);
  }
}
