package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitCondition;
import static io.tenantcache.testing.LoadTestSupport.awaitParked;
import static io.tenantcache.testing.LoadTestSupport.failure;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static io.tenantcache.testing.LoadTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import io.tenantcache.testing.TestPool;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * getAsync, getAllAsync and refresh: the caller's thread never waits for a loader; a miss joins
 * the load in flight (a get's too); a refresh always calls the loader and its value replaces the
 * cached one, unless a write lands first.
 */
final class AsyncReadTest {
  private final ScriptedLoader loader = new ScriptedLoader();
  @AutoClose private final Gate release = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool pool = TestPool.cached();
  private final AtomicInteger loads = new AtomicInteger();

  private Cache<String, String> readThroughCache() {
    return fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader).statisticsEnabled(true));
  }

  private static TenantCache<String, String> tenantCache(Cache<String, String> cache) {
    @SuppressWarnings("unchecked")
    TenantCache<String, String> tenantCache = cache.unwrap(TenantCache.class);
    return tenantCache;
  }

  /** Loads hold at the gate (signalling {@code entered}); each load's value is numbered. */
  private CountDownLatch holdLoads() {
    CountDownLatch entered = new CountDownLatch(1);
    loader.onLoad(key -> {
      int load = loads.incrementAndGet();
      entered.countDown();
      hold(release);
      return key + "-" + Tenants.current().orElse("none") + "-" + load;
    });
    return entered;
  }

  @Test
  void getAsync_hit_completesAtOnce_withTheCachedValue() {
    Cache<String, String> cache = readThroughCache();
    Tenants.run("acme", () -> cache.put("k", "v"));

    CompletableFuture<String> hit = as("acme", () -> tenantCache(cache).getAsync("k"));

    assertThat(hit).isCompletedWithValue("v");
    assertThat(loader.loadCalls).hasValue(0);
  }

  @Test
  void getAsync_miss_doesNotWaitForTheLoader_andCompletesOnTheLoadersThread() {
    Cache<String, String> cache = readThroughCache();
    CountDownLatch entered = holdLoads();

    CompletableFuture<String> miss = as("acme", () -> tenantCache(cache).getAsync("k"));
    CompletableFuture<Thread> completedOn = miss.thenApply(value -> Thread.currentThread());
    await(entered, "the load");

    assertThat(miss).isNotDone();
    release.countDown();
    assertThat(result(miss)).isEqualTo("k-acme-1");
    assertThat(result(completedOn)).isNotSameAs(Thread.currentThread());
    assertThat(as("acme", () -> cache.containsKey("k"))).as("stored").isTrue();
    assertThat(as("globex", () -> cache.containsKey("k"))).isFalse();
  }

  @Test
  void getAsync_andAConcurrentGet_shareOneLoad() {
    Cache<String, String> cache = readThroughCache();
    CountDownLatch entered = holdLoads();

    CompletableFuture<String> async = as("acme", () -> tenantCache(cache).getAsync("k"));
    await(entered, "the load");
    Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    Future<String> sync = pool.submit(() -> {
      waiting.add(Thread.currentThread());
      return as("acme", () -> cache.get("k"));
    });
    awaitCondition("the get to start", () -> !waiting.isEmpty());
    awaitParked(waiting, "the get to wait for the load");
    release.countDown();

    assertThat(result(async)).isEqualTo("k-acme-1");
    assertThat(result(sync)).isEqualTo("k-acme-1");
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void getAsync_failedLoad_completesExceptionally_asAGetWouldThrow() {
    Cache<String, String> cache = readThroughCache();
    IllegalStateException boom = new IllegalStateException("backend down");
    loader.onLoad(key -> {
      throw boom;
    });

    CompletableFuture<String> miss = as("acme", () -> tenantCache(cache).getAsync("k"));

    assertThat(failure(miss)).isInstanceOf(CacheLoaderException.class).hasCause(boom);
  }

  @Test
  void getAsync_withoutReadThrough_missCompletesWithNull() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class));

    assertThat(as("acme", () -> tenantCache(cache).getAsync("k"))).isCompletedWithValue(null);
  }

  @Test
  void getAllAsync_answersHitsFromTheCache_andLoadsTheMisses() {
    Cache<String, String> cache = readThroughCache();
    Tenants.run("acme", () -> cache.put("a", "cached"));

    Map<String, String> values =
        result(as("acme", () -> tenantCache(cache).getAllAsync(Set.of("a", "b", "c"))));

    assertThat(values).containsExactlyInAnyOrderEntriesOf(
        Map.of("a", "cached", "b", "loaded-b", "c", "loaded-c"));
    assertThat(loader.timesLoaded("a")).isZero();
  }

  @Test
  void refresh_callsTheLoaderEvenForACachedKey_andStoresItsValue() {
    Cache<String, String> cache = readThroughCache();
    Tenants.run("acme", () -> cache.put("k", "old"));
    loader.onLoad(key -> key + "-" + Tenants.current().orElse("none") + "-"
        + loads.incrementAndGet());

    assertThat(result(as("acme", () -> tenantCache(cache).refresh("k")))).isEqualTo("k-acme-1");
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-1");
    assertThat(result(as("acme", () -> tenantCache(cache).refresh("k")))).isEqualTo("k-acme-2");
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-2");
  }

  @Test
  void refresh_neverJoinsAnEarlierLoad_whoseValueIsNotStored_andWhoseCallersReadTheRefresh() {
    Cache<String, String> cache = readThroughCache();
    CountDownLatch entered = holdLoads();
    CompletableFuture<String> earlier = as("acme", () -> tenantCache(cache).getAsync("k"));
    await(entered, "the earlier load");

    CompletableFuture<String> refreshed = as("acme", () -> tenantCache(cache).refresh("k"));
    release.countDown();

    assertThat(result(refreshed)).isEqualTo("k-acme-2");
    assertThat(result(earlier)).as("its callers read after the refresh").isEqualTo("k-acme-2");
    assertThat(loader.loadCalls).hasValue(2);
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-2");
  }

  @Test
  void aWriteDuringARefresh_winsOverIt() {
    Cache<String, String> cache = readThroughCache();
    CountDownLatch entered = holdLoads();
    CompletableFuture<String> refreshed = as("acme", () -> tenantCache(cache).refresh("k"));
    await(entered, "the refresh");

    Tenants.run("acme", () -> cache.put("k", "written"));
    release.countDown();

    assertThat(result(refreshed)).isEqualTo("k-acme-1");
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("written");
  }

  @Test
  void refresh_ofAPinnedView_actsForItsTenant() {
    Cache<String, String> cache = readThroughCache();
    TenantCache<String, String> globex = tenantCache(tenantCache(cache).forTenant("globex"));

    assertThat(result(as("acme", () -> globex.refresh("k")))).isEqualTo("loaded-k");
    assertThat(as("globex", () -> cache.containsKey("k"))).isTrue();
    assertThat(as("acme", () -> cache.containsKey("k"))).isFalse();
  }

  @Test
  void refresh_withoutALoader_isRefused_namingTheCache() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class));

    assertThatThrownBy(() -> as("acme", () -> tenantCache(cache).refresh("k")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no CacheLoader");
  }
}
