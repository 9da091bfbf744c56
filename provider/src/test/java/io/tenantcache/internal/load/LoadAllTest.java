package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitCondition;
import static io.tenantcache.testing.LoadTestSupport.awaitParked;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static io.tenantcache.testing.LoadTestSupport.result;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.LoadTestSupport.Call;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import io.tenantcache.testing.TestPool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bulk loading: getAll loads its missing keys with one loadAll call and shares loads in flight
 * with single-key gets; loadAll honours replaceExistingValues and reports to its listener.
 */
final class LoadAllTest {
  private final ScriptedLoader loader = new ScriptedLoader();
  @AutoClose private final Gate release = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool pool = TestPool.cached();
  private Cache<String, String> cache;

  @BeforeEach
  void setUp() {
    cache = fixture.create(fixture.builder(String.class, String.class).readThrough(() -> loader));
  }


  @Test
  void getAll_missingKeys_loadedWithOneLoadAllCall() {
    as("acme", () -> {
      cache.put("a", "stored-a");
      return null;
    });

    Map<String, String> values = as("acme", () -> cache.getAll(Set.of("a", "b", "c")));

    assertThat(values).containsOnly(entry("a", "stored-a"), entry("b", "loaded-b"),
        entry("c", "loaded-c"));
    assertThat(loader.calls).singleElement().satisfies(call -> {
      assertThat(call.method()).isEqualTo("loadAll");
      assertThat(call.keys()).containsExactlyInAnyOrder("b", "c");
      assertThat(call.tenant()).contains("acme");
    });
    assertThat(as("acme", () -> cache.getAll(Set.of("a", "b", "c")))).isEqualTo(values);
    assertThat(loader.calls).hasSize(1);
  }

  @Test
  void getAll_joinsSingleKeyLoadsInFlight_eachKeyLoadedOnce() {
    Set<String> heldKeys = Set.of("k1", "k2");
    CountDownLatch entered = new CountDownLatch(2);
    loader.onLoad(key -> {
      if (heldKeys.contains(key)) {
        entered.countDown();
        hold(release);
      }
      return "loaded-" + key;
    });
    Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    Future<?> get1 = pool.submit(() -> {
      waiting.add(Thread.currentThread());
      return as("acme", () -> cache.get("k1"));
    });
    Future<?> get2 = pool.submit(() -> {
      waiting.add(Thread.currentThread());
      return as("acme", () -> cache.get("k2"));
    });
    await(entered, "both single-key loads");

    Future<Map<String, String>> getAll = pool.submit(() -> {
      waiting.add(Thread.currentThread());
      return as("acme", () -> cache.getAll(Set.of("k1", "k2", "k3")));
    });
    awaitCondition("getAll's loadAll of the key not in flight",
        () -> loader.loadAllCalls.get() == 1);
    awaitCondition("getAll started", () -> waiting.size() == 3);
    awaitParked(waiting, "the gets and getAll waiting");
    release.countDown();

    assertThat(result(getAll)).containsOnly(entry("k1", "loaded-k1"), entry("k2", "loaded-k2"),
        entry("k3", "loaded-k3"));
    assertThat(result(get1)).isEqualTo("loaded-k1");
    assertThat(result(get2)).isEqualTo("loaded-k2");
    assertThat(loader.calls("loadAll")).singleElement().extracting(Call::keys)
        .isEqualTo(List.of("k3"));
    for (String key : List.of("k1", "k2", "k3")) {
      assertThat(loader.timesLoaded(key)).as("loads of %s", key).isEqualTo(1);
    }
  }

  @Test
  void singleKeyGets_joinGetAllsLoadInFlight_eachKeyLoadedOnce() {
    CountDownLatch entered = new CountDownLatch(1);
    loader.onLoadAll(keys -> {
      entered.countDown();
      hold(release);
      Map<String, String> values = new HashMap<>();
      keys.forEach(key -> values.put(key, "bulk-" + key));
      return values;
    });
    Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    Future<Map<String, String>> getAll = pool.submit(() -> {
      waiting.add(Thread.currentThread());
      return as("acme", () -> cache.getAll(Set.of("k1", "k2", "k3")));
    });
    await(entered, "getAll's loadAll");
    Future<?> get1 = pool.submit(() -> {
      waiting.add(Thread.currentThread());
      return as("acme", () -> cache.get("k1"));
    });
    Future<?> get2 = pool.submit(() -> {
      waiting.add(Thread.currentThread());
      return as("acme", () -> cache.get("k2"));
    });
    awaitCondition("both gets started", () -> waiting.size() == 3);
    awaitParked(waiting, "getAll and the gets waiting");
    release.countDown();

    assertThat(result(get1)).isEqualTo("bulk-k1");
    assertThat(result(get2)).isEqualTo("bulk-k2");
    assertThat(result(getAll)).hasSize(3);
    assertThat(loader.loadCalls).hasValue(0);
    assertThat(loader.loadAllCalls).hasValue(1);
  }

  @ParameterizedTest(name = "replaceExistingValues={0}")
  @ValueSource(booleans = {false, true})
  void loadAll_honoursReplaceExistingValues(boolean replace) throws Exception {
    as("acme", () -> {
      cache.put("a", "stored-a");
      return null;
    });
    CompletionListenerFuture done = new CompletionListenerFuture();

    Tenants.run("acme", () -> cache.loadAll(Set.of("a", "b"), replace, done));
    done.get(LoadTestSupport.WAIT.toMillis(), MILLISECONDS);

    assertThat(as("acme", () -> cache.get("b"))).isEqualTo("loaded-b");
    if (replace) {
      assertThat(as("acme", () -> cache.get("a"))).isEqualTo("loaded-a");
      assertThat(loader.calls("loadAll")).singleElement().extracting(Call::keys)
          .satisfies(keys -> assertThat(keys).containsExactlyInAnyOrder("a", "b"));
    } else {
      assertThat(as("acme", () -> cache.get("a"))).isEqualTo("stored-a");
      assertThat(loader.calls("loadAll")).singleElement().extracting(Call::keys)
          .isEqualTo(List.of("b"));
    }
    assertThat(loader.calls("loadAll")).extracting(Call::tenant).containsOnly(Optional.of("acme"));
    assertThat(loader.loadCalls).hasValue(0);
  }

  @Test
  void loadAll_loaderFails_listenerGetsTheFailure() throws Exception {
    IllegalStateException boom = new IllegalStateException("backend down");
    loader.onLoadAll(keys -> {
      throw boom;
    });
    CompletionListenerFuture done = new CompletionListenerFuture();

    Tenants.run("acme", () -> cache.loadAll(Set.of("a", "b"), false, done));

    Throwable failure = LoadTestSupport.thrownBy(
        () -> done.get(LoadTestSupport.WAIT.toMillis(), MILLISECONDS));
    assertThat(failure).isInstanceOf(ExecutionException.class);
    assertThat(failure.getCause()).isInstanceOf(CacheLoaderException.class);
    assertThat(failure.getCause().getCause()).isSameAs(boom);
    assertThat(as("acme", () -> cache.containsKey("a"))).isFalse();
  }

  @Test
  void loadAll_allKeysPresentAndNoReplace_completesWithoutCallingTheLoader() throws Exception {
    Tenants.run("acme", () -> cache.put("a", "stored-a"));
    CompletionListenerFuture done = new CompletionListenerFuture();

    Tenants.run("acme", () -> cache.loadAll(Set.of("a"), false, done));
    done.get(LoadTestSupport.WAIT.toMillis(), MILLISECONDS);

    assertThat(loader.calls).isEmpty();
    assertThat(as("acme", () -> cache.get("a"))).isEqualTo("stored-a");
  }
}
