package io.tenantcache.redis;

import static io.tenantcache.redis.Replicas.prices;
import static io.tenantcache.redis.Replicas.status;
import static io.tenantcache.redis.Replicas.tenantCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.TenantCache;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mode {@code invalidate} between two replicas through a real redis-server: what one replica
 * changes, the other drops; what a replica loads, evicts or applies for the others, it publishes
 * not.
 */
final class ReplicaCoherenceTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private static TestRedis redis;
  private Replicas replicas;
  private CacheManager managerA;
  private CacheManager managerB;
  private Cache<String, String> a;
  private Cache<String, String> b;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void startReplicas() {
    replicas = new Replicas(redis.uri());
    managerA = replicas.start();
    managerB = replicas.start();
    a = prices(managerA);
    b = prices(managerB);
    await().atMost(BOUND).until(() -> status(managerA).current() && status(managerB).current());
  }

  @AfterEach
  void stopReplicas() {
    replicas.close();
  }

  @Test
  void aPutOnOneReplica_dropsTheOtherReplicasCopy() {
    b.put("coffee", "2.50");
    awaitReceived(managerA, 1);
    long received = status(managerB).received();

    a.put("coffee", "2.70");

    await().atMost(BOUND).until(() -> status(managerB).received() > received);
    assertThat(b.containsKey("coffee")).isFalse();
    assertThat(a.get("coffee")).as("the writer keeps its own value").isEqualTo("2.70");
  }

  @Test
  void everyKindOfChange_reachesTheOtherReplica() {
    // Both replicas load "k" (a load publishes nothing), then a changes it.
    Cache<String, String> onA = loading(managerA, "changes", key -> "old");
    Cache<String, String> onB = loading(managerB, "changes", key -> "old");
    Map<String, Runnable> changes = new java.util.LinkedHashMap<>();
    changes.put("put", () -> onA.put("k", "new"));
    changes.put("remove", () -> onA.remove("k"));
    changes.put("remove of a key a does not hold", () -> {
      onA.remove("k");
    });
    changes.put("getAndPut", () -> onA.getAndPut("k", "new"));
    changes.put("getAndRemove", () -> onA.getAndRemove("k"));
    changes.put("getAndReplace", () -> onA.getAndReplace("k", "new"));
    changes.put("replace", () -> onA.replace("k", "new"));
    changes.put("replace(old, new)", () -> onA.replace("k", "old", "new"));
    changes.put("remove(k, old)", () -> onA.remove("k", "old"));
    changes.put("putIfAbsent after a remove", () -> {
      onA.remove("k");
      onA.putIfAbsent("k", "new");
    });
    changes.put("putAll", () -> onA.putAll(Map.of("k", "new")));
    changes.put("removeAll(keys)", () -> onA.removeAll(Set.of("k")));
    changes.put("removeAll()", onA::removeAll);
    changes.put("clear()", onA::clear);
    changes.put("invoke that writes", () -> onA.invoke("k", (entry, args) -> {
      entry.setValue("new");
      return null;
    }));
    changes.put("invoke that removes", () -> onA.invoke("k", (entry, args) -> {
      entry.remove();
      return null;
    }));
    for (Map.Entry<String, Runnable> change : changes.entrySet()) {
      onA.clear();
      onB.clear();
      awaitQuiet();
      if (!change.getKey().startsWith("remove of a key")) {
        assertThat(onA.get("k")).isEqualTo("old");
      }
      assertThat(onB.get("k")).isEqualTo("old");
      long received = status(managerB).received();

      change.getValue().run();

      await(change.getKey()).atMost(BOUND).until(() -> status(managerB).received() > received);
      assertThat(onB.containsKey("k")).as(change.getKey() + " on a drops b's copy").isFalse();
    }
  }

  @Test
  void aTenantClear_dropsThatTenantOnly_onTheOtherReplica() {
    TenantCache<String, String> onA = tenantCache(a);
    TenantCache<String, String> onB = tenantCache(b);
    for (String tenant : new String[] {"acme", "globex"}) {
      for (int i = 0; i < 100; i++) {
        onB.forTenant(tenant).put("k" + i, tenant + i);
      }
    }
    long before = status(managerA).sent();

    onA.clearTenant("acme");

    await().atMost(BOUND).until(() -> !onB.forTenant("acme").containsKey("k0"));
    assertThat(onB.tenants()).containsExactly("globex");
    assertThat(onB.forTenant("globex").get("k99")).isEqualTo("globex99");
    assertThat(status(managerA).sent() - before).as("one message for the whole tenant")
        .isEqualTo(1);
  }

  @Test
  void evictTenant_ofTheManager_isClusterWide() {
    tenantCache(b).forTenant("acme").put("k", "v");

    managerA.unwrap(io.tenantcache.TenantCacheManager.class).evictTenant("acme");

    await().atMost(BOUND).until(() -> !tenantCache(b).forTenant("acme").containsKey("k"));
  }

  @Test
  void loads_publishNothing_andAReplicaDoesNotApplyItsOwnChanges() {
    Cache<String, String> loading = loading(managerA, "loading", key -> "loaded-" + key);
    Cache<String, String> other = loading(managerB, "loading", key -> "other-" + key);
    long sentBefore = status(managerA).sent();
    long receivedByB = status(managerB).received();

    assertThat(loading.get("k")).isEqualTo("loaded-k");
    assertThat(other.get("k")).isEqualTo("other-k");
    a.put("marker", "m"); // a change, so that there is something to wait for

    await().atMost(BOUND).until(() -> status(managerB).received() > receivedByB);
    assertThat(status(managerA).sent() - sentBefore).as("only the put").isEqualTo(1);
    assertThat(other.containsKey("k")).as("a's load did not invalidate b").isTrue();
    assertThat(a.get("marker")).as("a did not drop its own put").isEqualTo("m");
  }

  @Test
  void aLoadInFlightWhenAnInvalidationArrives_doesNotStoreItsValue_butLoadsAgain()
      throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Cache<String, String> onB = loading(managerB, "stale-fill", key -> {
      if (calls.incrementAndGet() > 1) {
        return "new";   // the backend as it is after a's write
      }
      loading.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "old";
    });
    Cache<String, String> onA = loading(managerA, "stale-fill", key -> "new");

    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> onB.get("k"));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    long received = status(managerB).received();
    onA.put("k", "new");
    await().atMost(BOUND).until(() -> status(managerB).received() > received);
    release.countDown();

    assertThat(read.get(10, TimeUnit.SECONDS)).as("the caller reads after the invalidation")
        .isEqualTo("new");
    assertThat(calls).as("loaded again after the invalidation").hasValue(2);
    assertThat(onB.get("k")).as("b keeps the value loaded after it").isEqualTo("new");
    assertThat(calls).hasValue(2);
  }

  private static Cache<String, String> loading(CacheManager manager, String name,
      java.util.function.Function<String, String> load) {
    return manager.createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new FunctionLoader(load))));
  }

  /** Waits until what both replicas sent so far has been applied by the other. */
  private void awaitQuiet() {
    await().atMost(BOUND).until(() -> status(managerA).outbox() == 0
        && status(managerB).outbox() == 0);
    long sentByA = status(managerA).sent();
    long sentByB = status(managerB).sent();
    await().atMost(BOUND).until(() -> status(managerB).received() >= sentByA
        && status(managerA).received() >= sentByB);
  }

  private static void awaitReceived(CacheManager manager, long count) {
    await().atMost(BOUND).until(() -> status(manager).received() >= count);
  }

  /** A loader from a function (serializable, as the factory needs). */
  private static final class FunctionLoader implements CacheLoader<String, String>,
      java.io.Serializable {
    private final transient java.util.function.Function<String, String> load;

    FunctionLoader(java.util.function.Function<String, String> load) {
      this.load = load;
    }

    @Override
    public String load(String key) {
      return load.apply(key);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
