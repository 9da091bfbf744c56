package io.tenantcache.redis;

import static io.tenantcache.redis.Replicas.prices;
import static io.tenantcache.redis.Replicas.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.RepairReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * What replicas do when Redis fails them: a restart that lost its data (repair), the stream
 * deleted by hand (repair), its connections killed (reconnect, resume), an outage longer
 * than max-staleness (entries dropped until caught up), credentials refused (a clear error at
 * start), an ACL user (works).
 */
final class RedisFaultsTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void aRedisRestartThatLostItsData_makesTheReplicasRepair_andCoherenceResumes() {
    try (TestRedis redis = TestRedis.start(); Replicas replicas = new Replicas(redis.uri())) {
      List<CacheManager> two = replicas.startTwoCurrent(BOUND);
      CacheManager managerA = two.get(0);
      CacheManager managerB = two.get(1);
      Cache<String, String> a = prices(managerA);
      Cache<String, String> b = prices(managerB);
      b.put("held", "before the restart");

      redis.kill();
      redis.restart();

      await().atMost(BOUND).until(() -> status(managerB).repairs() >= 1
          && status(managerB).current() && status(managerA).current());
      assertThat(b.containsKey("held")).as("dropped: b cannot prove it fresh").isFalse();
      assertThat(status(managerB).repairsByReason().get(RepairReason.SERVER_LOST_DATA))
          .isGreaterThanOrEqualTo(1L);
      b.put("coffee", "2.50");
      long received = status(managerB).received();
      a.put("coffee", "2.70");
      await().atMost(BOUND).until(() -> status(managerB).received() > received);
      assertThat(b.containsKey("coffee")).isFalse();
    }
  }

  @Test
  void aStreamDeletedByHand_makesTheReplicasRepair_andCoherenceResumes() {
    try (TestRedis redis = TestRedis.start(); Replicas replicas = new Replicas(redis.uri())) {
      List<CacheManager> two = replicas.startTwoCurrent(BOUND);
      CacheManager managerA = two.get(0);
      CacheManager managerB = two.get(1);
      Cache<String, String> a = prices(managerA);
      Cache<String, String> b = prices(managerB);
      a.put("first", "1");
      await().atMost(BOUND).until(() -> status(managerB).received() >= 1);
      b.put("held", "before the deletion");
      long repairs = status(managerB).repairs();

      redis.with(commands -> commands.del("tenantcache:" + replicas.namespace()
          + ":invalidations"));

      await().atMost(BOUND).until(() -> status(managerB).repairs() > repairs);
      assertThat(b.containsKey("held")).as("dropped: b cannot prove it fresh").isFalse();
      assertThat(status(managerB).repairsByReason().get(RepairReason.MESSAGES_DELETED))
          .isEqualTo(1L);
      long repaired = status(managerB).repairs();
      b.put("coffee", "2.50");
      long received = status(managerB).received();
      a.put("coffee", "2.70");
      await().atMost(BOUND).until(() -> status(managerB).received() > received);
      assertThat(b.containsKey("coffee")).isFalse();
      assertThat(status(managerB).repairs()).as("one repair, not one per round")
          .isEqualTo(repaired);
    }
  }

  @Test
  void clientKillOfTheReplicasConnections_isSurvived_withoutRepair_andCoherenceResumes() {
    try (TestRedis redis = TestRedis.start(); Replicas replicas = new Replicas(redis.uri())) {
      List<CacheManager> two = replicas.startTwoCurrent(BOUND);
      CacheManager managerA = two.get(0);
      CacheManager managerB = two.get(1);
      Cache<String, String> a = prices(managerA);
      Cache<String, String> b = prices(managerB);
      b.put("coffee", "2.50");
      b.put("tea", "1.80");
      long repairs = status(managerB).repairs();

      long[] killed = new long[1];
      redis.with(commands -> killed[0] = commands.clientKill(KillArgs.Builder.typeNormal()));
      a.put("coffee", "2.70");

      assertThat(killed[0]).as("the replicas' connections, the followers' at least")
        .isGreaterThanOrEqualTo(2);
      await().atMost(BOUND).until(() -> !b.containsKey("coffee"));
      assertThat(b.get("tea")).as("resumed from its last entry: nothing to repair")
          .isEqualTo("1.80");
      assertThat(status(managerB).repairs()).isEqualTo(repairs);
    }
  }

  @Test
  void redisAwayLongerThanMaxStaleness_dropsEntriesUntilTheReplicaCatchesUp() {
    try (TestRedis redis = TestRedis.start(); Replicas replicas = new Replicas(redis.uri())) {
      CacheManager manager =
          replicas.start(TenantCacheProperties.CLUSTER_MAX_STALENESS, "400ms");
      Cache<String, String> cache = prices(manager);
      await().atMost(BOUND).until(() -> status(manager).current());
      cache.put("k", "v");

      redis.kill();

      await().atMost(BOUND).until(() -> !status(manager).current());
      await().atMost(BOUND).until(() -> !cache.containsKey("k"));
      assertThat(status(manager).repairsByReason().get(RepairReason.SILENT))
          .isGreaterThanOrEqualTo(1L);
      cache.put("written while away", "v");
      assertThat(cache.get("written while away")).as("the cache keeps answering").isEqualTo("v");
      await().atMost(BOUND).until(() -> !cache.containsKey("written while away"));

      redis.restart();

      await().atMost(BOUND).until(() -> status(manager).current());
      cache.put("after", "v");
      await().during(Duration.ofMillis(800)).atMost(BOUND).until(() -> cache.containsKey("after"));
    }
  }

  @Test
  void onPublishFailureFail_refusesWritesWhileRedisIsAway_andAcceptsThemWhenItIsBack() {
    try (TestRedis redis = TestRedis.start(); Replicas replicas = new Replicas(redis.uri())) {
      CacheManager manager = replicas.start(TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE,
          "fail", TenantCacheProperties.CLUSTER_MAX_STALENESS, "30s");
      Cache<String, String> cache = prices(manager);
      await().atMost(BOUND).until(() -> status(manager).connected());
      cache.put("k", "v");

      redis.kill();
      await().atMost(BOUND).until(() -> !status(manager).connected());

      assertThat(catchThrowable(() -> cache.put("k", "new")))
          .isInstanceOf(javax.cache.CacheException.class)
          .hasMessageContaining(TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE);
      assertThat(cache.get("k")).as("nothing changed, reads go on").isEqualTo("v");

      redis.restart();
      await().atMost(BOUND).until(() -> status(manager).connected());
      cache.put("k", "new");
      assertThat(cache.get("k")).isEqualTo("new");
    }
  }

  @Test
  void refusedCredentials_failGetCacheManager_namingTheSetting_withoutThePassword() {
    try (TestRedis redis = TestRedis.start("--requirepass", "admin-secret");
        Replicas replicas = new Replicas(redis.uri())) {
      Properties wrong = new Properties();
      wrong.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI,
          redis.uri("default", "not-the-password"));

      Throwable failure = catchThrowable(() -> replicas.start(wrong));

      assertThat(failure).isNotNull();
      String messages = messages(failure);
      assertThat(messages).contains(TenantCacheProperties.CLUSTER_REDIS_URI)
          .contains("refused the credentials").doesNotContain("not-the-password");
    }
  }

  @Test
  void anAclUser_joinsTheCluster() {
    try (TestRedis redis = TestRedis.start("--requirepass", "admin-secret")) {
      redis.with(admin -> admin.aclSetuser("replica",
          io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("replica-secret")
              .keyPattern("tenantcache:*").addCommand(io.lettuce.core.protocol.CommandType.XADD)
              .addCommand(io.lettuce.core.protocol.CommandType.XREAD)
              .addCommand(io.lettuce.core.protocol.CommandType.XRANGE)
              .addCommand(io.lettuce.core.protocol.CommandType.XREVRANGE)
              .addCommand(io.lettuce.core.protocol.CommandType.GET)
              .addCommand(io.lettuce.core.protocol.CommandType.SET)
              .addCommand(io.lettuce.core.protocol.CommandType.PING)
              .addCommand(io.lettuce.core.protocol.CommandType.HELLO)
              .addCommand(io.lettuce.core.protocol.CommandType.CLIENT)));
      try (Replicas replicas = new Replicas(redis.uri("replica", "replica-secret"))) {
        List<CacheManager> two = replicas.startTwoCurrent(BOUND);
        CacheManager managerA = two.get(0);
        CacheManager managerB = two.get(1);
        Cache<String, String> a = prices(managerA);
        Cache<String, String> b = prices(managerB);
        b.put("coffee", "2.50");
        long received = status(managerB).received();

        a.put("coffee", "2.70");

        await().atMost(BOUND).until(() -> status(managerB).received() > received);
        assertThat(b.containsKey("coffee")).isFalse();
      }
    }
  }

  private static String messages(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      messages.add(String.valueOf(cause.getMessage()));
    }
    return String.join(" | ", messages);
  }
}
