package io.tenantcache.redis;

import static io.tenantcache.redis.Replicas.prices;
import static io.tenantcache.redis.Replicas.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.SharedTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * The changes of a shared cache on their way to a real redis-server: while Redis does not answer
 * they wait and go out once it does; past the queue's capacity they become one clear of the
 * writer's tenant (or of the cache), so that no replica keeps a value older than a change that was
 * not sent.
 */
final class SharedChangesTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Starts a replica in mode shared (max-staleness 5 s, as a paused Redis needs) and more. */
  private static CacheManager startShared(Replicas replicas, String... more) {
    List<String> properties = new ArrayList<>(List.of(TenantCacheProperties.CLUSTER_MODE,
        "shared", TenantCacheProperties.CLUSTER_MAX_STALENESS, "5s"));
    properties.addAll(List.of(more));
    return replicas.start(properties.toArray(new String[0]));
  }

  private static SharedTier tier(CacheManager manager) {
    return manager.unwrap(ClusterTransport.class).sharedTier();
  }

  @Test
  void changesMadeWhileRedisDoesNotAnswer_goOutOnceItDoes() {
    try (TestRedis redis = TestRedis.start();
        Replicas replicas = new Replicas(redis.uri())) {
      CacheManager a = startShared(replicas);
      CacheManager b = startShared(replicas);
      await().atMost(BOUND).until(() -> status(a).current() && status(b).current());
      Cache<String, String> onA = prices(a);
      Cache<String, String> onB = prices(b);

      redis.with(admin -> admin.clientPause(3_000));
      onA.put("k", "written while paused");
      assertThat(tier(a).status().pendingChanges()).as("waiting for Redis").isEqualTo(1);

      await().atMost(BOUND).until(() -> "written while paused".equals(onB.get("k")));
      // A send that timed out may still have run once Redis resumed: the retry is harmless.
      await().atMost(BOUND).until(() -> tier(a).status().pendingChanges() == 0);
      assertThat(tier(a).status().unavailableCalls()).as("the paused sends").isPositive();
    }
  }

  @Test
  void pastTheCapacity_aTenantsBurstBecomesOneClearOfThatTenant_andTheOtherTenantsStay()
      throws Exception {
    try (TestRedis redis = TestRedis.start();
        Replicas replicas = new Replicas(redis.uri())) {
      CacheManager a = startShared(replicas, TenantCacheProperties.CLUSTER_OUTBOX_CAPACITY, "3");
      CacheManager b = startShared(replicas);
      await().atMost(BOUND).until(() -> status(a).current() && status(b).current());
      Cache<String, String> onA = prices(a);
      Cache<String, String> onB = prices(b);
      Tenants.run("acme", () -> onA.put("held", "old"));
      Tenants.run("globex", () -> onA.put("held", "kept"));
      await().atMost(BOUND).until(() -> "old".equals(Tenants.call("acme", () -> onB.get("held")))
          && "kept".equals(Tenants.call("globex", () -> onB.get("held"))));

      redis.with(admin -> admin.clientPause(3_000));
      Tenants.run("acme", () -> {
        for (int i = 0; i < 10; i++) {
          onA.put("k" + i, "v" + i);
        }
        onA.put("held", "new");
      });
      assertThat(tier(a).status().pendingChanges()).isLessThanOrEqualTo(3);
      assertThat(tier(a).status().overflows()).isPositive();

      await().atMost(BOUND).until(() -> tier(a).status().pendingChanges() == 0);
      await().atMost(BOUND).until(() -> !"old".equals(Tenants.call("acme", () -> onB.get("held"))));
      assertThat(Tenants.call("acme", () -> onB.get("held")))
          .as("never the value before the lost changes").isIn(null, "new");
      assertThat(Tenants.call("globex", () -> onB.get("held"))).as("another tenant's entry")
          .isEqualTo("kept");
    }
  }

  @Test
  void pastTheCapacity_withEveryTenantsChangesWaiting_theyBecomeOneClearOfTheCache() {
    try (TestRedis redis = TestRedis.start();
        Replicas replicas = new Replicas(redis.uri())) {
      CacheManager a = startShared(replicas, TenantCacheProperties.CLUSTER_OUTBOX_CAPACITY, "3");
      CacheManager b = startShared(replicas);
      await().atMost(BOUND).until(() -> status(a).current() && status(b).current());
      Cache<String, String> onA = prices(a);
      Cache<String, String> onB = prices(b);
      onA.put("held", "old");
      await().atMost(BOUND).until(() -> "old".equals(onB.get("held")));

      redis.with(admin -> admin.clientPause(3_000));
      for (int i = 0; i < 10; i++) {
        Tenants.run("t" + i, () -> onA.put("k", "v"));   // one change a tenant: no tenant to fold
      }
      onA.put("held", "new");
      assertThat(tier(a).status().pendingChanges()).as("a clear and what came after it")
          .isLessThanOrEqualTo(3);

      await().atMost(BOUND).until(() -> tier(a).status().pendingChanges() == 0);
      await().atMost(BOUND).until(() -> !"old".equals(onB.get("held")));
      assertThat(onB.get("held")).as("never the value before the lost changes")
          .isIn(null, "new");
    }
  }
}
