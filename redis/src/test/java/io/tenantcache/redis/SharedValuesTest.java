package io.tenantcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.tenantcache.cluster.Invalidation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared values' side in a real redis-server: a value is found under its cache, tenant and
 * key only; every write and removal puts its invalidation on the stream in the same script; a
 * tenant or cache clear makes the old values unreachable at once and the background unlinking
 * removes exactly those; every value has a TTL.
 */
final class SharedValuesTest {
  private static TestRedis redis;
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> connection;
  private RedisCommands<String, byte[]> commands;
  private final String namespace = "shared-" + UUID.randomUUID();
  private final String stream = "tenantcache:" + namespace + ":invalidations";
  private SharedValues values;
  private EpochView epochs;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void connect() {
    epochs = new EpochView();
    client = RedisClient.create(redis.uri());
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    commands = connection.sync();
    values = new SharedValues(namespace, stream, "replica-a", connection::async,
        new SharedTierCalls(namespace, Duration.ofSeconds(2), SharedTierCalls.defaultBreaker()),
        epochs);
  }

  @AfterEach
  void disconnect() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private List<Invalidation> lastInvalidations() {
    List<StreamMessage<String, byte[]>> last =
        commands.xrevrange(stream, Range.create("-", "+"), io.lettuce.core.Limit.from(1));
    assertThat(last).hasSize(1);
    java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
    last.get(0).getBody().forEach((field, content) ->
        fields.put(field, new String(content, StandardCharsets.UTF_8)));
    assertThat(fields.get(StreamEntries.ORIGIN)).isEqualTo("replica-a");
    return StreamEntries.invalidations(fields);
  }

  @Test
  void scriptsRunByTheirDigest_andAgainAfterRedisForgotThem() {
    values.put("prices", "acme", bytes("k"), bytes("v"), 60_000);
    assertThat(commands.scriptExists(SharedValues.sha1("return 1"))).containsExactly(false);

    commands.scriptFlush();

    assertThat(values.get("prices", "acme", bytes("k"))).as("NOSCRIPT, then the text")
        .isEqualTo(bytes("v"));
    assertThat(values.get("prices", "acme", bytes("k"))).isEqualTo(bytes("v"));
    assertThat(commands.scriptLoad("return 1")).isEqualTo(SharedValues.sha1("return 1"));
  }

  @Test
  void aValue_isFoundUnderItsCacheTenantAndKeyOnly() {
    values.put("prices", "acme", bytes("coffee"), bytes("2.50"), 60_000);

    assertThat(values.get("prices", "acme", bytes("coffee"))).isEqualTo(bytes("2.50"));
    assertThat(values.get("prices", "globex", bytes("coffee"))).isNull();
    assertThat(values.get("prices", "acme", bytes("tea"))).isNull();
    assertThat(values.get("plans", "acme", bytes("coffee"))).isNull();
  }

  @Test
  void aWriteAndARemoval_eachPutTheirKeysInvalidationOnTheStream() {
    values.put("prices", "acme", bytes("coffee"), bytes("2.50"), 60_000);
    assertThat(lastInvalidations())
        .containsExactly(Invalidation.ofKey("prices", "acme", bytes("coffee")));

    values.remove("prices", "acme", bytes("coffee"));

    assertThat(values.get("prices", "acme", bytes("coffee"))).isNull();
    assertThat(lastInvalidations())
        .containsExactly(Invalidation.ofKey("prices", "acme", bytes("coffee")));
    assertThat(commands.xlen(stream)).isEqualTo(2);
  }

  @Test
  void aTenantClear_makesItsValuesUnreachable_andLeavesTheOthers() {
    for (int i = 0; i < 50; i++) {
      values.put("prices", "acme", bytes("k" + i), bytes("old"), 60_000);
      values.put("prices", "globex", bytes("k" + i), bytes("kept"), 60_000);
    }

    values.clearTenant("prices", "acme");

    assertThat(lastInvalidations()).containsExactly(Invalidation.ofTenant("prices", "acme"));
    for (int i = 0; i < 50; i++) {
      assertThat(values.get("prices", "acme", bytes("k" + i))).isNull();
      assertThat(values.get("prices", "globex", bytes("k" + i))).isEqualTo(bytes("kept"));
    }
    values.put("prices", "acme", bytes("k0"), bytes("new"), 60_000);
    assertThat(values.get("prices", "acme", bytes("k0"))).isEqualTo(bytes("new"));
  }

  @Test
  void aLookup_teachesTheTenantsEpochs_soThatTheNextReadIsOneGetOfTheSameValue() {
    values.put("prices", "acme", bytes("coffee"), bytes("2.50"), 60_000);
    values.put("prices", "acme", bytes("tea"), bytes("1.80"), 60_000);
    assertThat(values.getByKnownEpochs("prices", "acme", bytes("tea"))).as("not known yet")
        .isNull();

    values.get("prices", "acme", bytes("coffee"));
    long scripts = commandCalls("evalsha");
    long gets = commandCalls("get");

    assertThat(values.getByKnownEpochs("prices", "acme", bytes("tea"))).isEqualTo(bytes("1.80"));
    assertThat(values.getByKnownEpochs("prices", "globex", bytes("tea"))).as("another tenant")
        .isNull();
    assertThat(commandCalls("evalsha")).isEqualTo(scripts);
    assertThat(commandCalls("get")).isEqualTo(gets + 1);
    values.put("prices", "acme", bytes("tea"), bytes("1.90"), 60_000);
    assertThat(values.getByKnownEpochs("prices", "acme", bytes("tea"))).isEqualTo(bytes("1.90"));
  }

  @Test
  void getAll_readsATenantsKeysByIndex_inBatches_andLearnsTheEpochs() {
    List<byte[]> keys = new java.util.ArrayList<>();
    for (int i = 0; i < SharedValues.GET_ALL_BATCH * 2 + 500; i++) {
      keys.add(bytes("k" + i));
      if (i % 3 == 0) {
        values.put("prices", "acme", bytes("k" + i), bytes("v" + i), 60_000);
      }
    }
    values.put("prices", "globex", bytes("k1"), bytes("globex's"), 60_000);

    Map<Integer, byte[]> found = values.getAll("prices", "acme", keys);

    assertThat(found).hasSize((keys.size() + 2) / 3);
    assertThat(found.get(0)).isEqualTo(bytes("v0"));
    assertThat(found.get(2400)).isEqualTo(bytes("v2400"));
    assertThat(found).doesNotContainKey(1);
    assertThat(epochs.known("prices", "acme")).isEqualTo(new EpochView.Epochs("0", "0"));
    values.clearTenant("prices", "acme");
    assertThat(values.getAll("prices", "acme", keys)).isEmpty();
  }

  @Test
  void aClearSentFromHere_forgetsTheEpochs_andTheNextLookupLearnsTheNewOnes() {
    values.put("prices", "acme", bytes("tea"), bytes("old"), 60_000);
    values.put("plans", "acme", bytes("tea"), bytes("kept"), 60_000);
    values.get("prices", "acme", bytes("tea"));
    values.get("plans", "acme", bytes("tea"));

    values.clearTenant("prices", "acme");

    assertThat(values.getByKnownEpochs("prices", "acme", bytes("tea"))).isNull();
    assertThat(epochs.known("prices", "acme")).isNull();
    assertThat(values.getByKnownEpochs("plans", "acme", bytes("tea"))).isEqualTo(bytes("kept"));
    assertThat(values.get("prices", "acme", bytes("tea"))).isNull();
    assertThat(epochs.known("prices", "acme")).isEqualTo(new EpochView.Epochs("0", "1"));
    values.clear("prices");
    assertThat(values.getByKnownEpochs("prices", "acme", bytes("tea"))).isNull();
    values.get("prices", "acme", bytes("tea"));
    assertThat(epochs.known("prices", "acme")).isEqualTo(new EpochView.Epochs("1", "1"));
  }

  @Test
  void aLookupThatAForgetOvertook_isNotLearnt() {
    long stamp = epochs.stamp();
    epochs.forget(Invalidation.ofTenant("prices", "acme"));

    epochs.learn(stamp, "prices", "acme", new EpochView.Epochs("0", "0"));

    assertThat(epochs.known("prices", "acme")).isNull();
    epochs.learn(epochs.stamp(), "prices", "acme", new EpochView.Epochs("0", "0"));
    assertThat(epochs.known("prices", "acme")).isNotNull();
    epochs.forget(Invalidation.ofKey("prices", "acme", bytes("tea")));
    assertThat(epochs.known("prices", "acme")).as("a key's change moves no epoch").isNotNull();
    epochs.forgetAll();
    assertThat(epochs.known("prices", "acme")).isNull();
  }

  /** Returns how many times Redis ran {@code command} (INFO commandstats). */
  private long commandCalls(String command) {
    String stats = commands.info("commandstats");
    java.util.regex.Matcher calls = java.util.regex.Pattern
        .compile("cmdstat_" + command + ":calls=(\\d+)").matcher(stats);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  @Test
  void aCacheClear_makesEveryTenantsValuesUnreachable() {
    values.put("prices", "acme", bytes("k"), bytes("v"), 60_000);
    values.put("prices", "globex", bytes("k"), bytes("v"), 60_000);
    values.put("plans", "acme", bytes("k"), bytes("kept"), 60_000);

    values.clear("prices");

    assertThat(lastInvalidations()).containsExactly(Invalidation.ofCache("prices"));
    assertThat(values.get("prices", "acme", bytes("k"))).isNull();
    assertThat(values.get("prices", "globex", bytes("k"))).isNull();
    assertThat(values.get("plans", "acme", bytes("k"))).isEqualTo(bytes("kept"));
  }

  @Test
  void theBackgroundUnlinking_removesTheUnreachableValues_only() {
    for (int i = 0; i < 300; i++) {
      values.put("prices", "acme", bytes("k" + i), bytes("old"), 60_000);
      values.put("prices", "globex", bytes("k" + i), bytes("kept"), 60_000);
    }
    values.clearTenant("prices", "acme");
    values.put("prices", "acme", bytes("k0"), bytes("new"), 60_000);

    long unlinked = values.unlinkStale("prices", 100, Long.MAX_VALUE);

    assertThat(unlinked).isEqualTo(300);
    assertThat(values.unlinkStale("prices", 100, Long.MAX_VALUE)).isZero();
    assertThat(values.get("prices", "acme", bytes("k0"))).isEqualTo(bytes("new"));
    for (int i = 0; i < 300; i++) {
      assertThat(values.get("prices", "globex", bytes("k" + i))).isEqualTo(bytes("kept"));
    }
  }

  @Test
  void everyValue_hasATtl_theEternalOnesTheLongest() {
    values.put("prices", "acme", bytes("short"), bytes("v"), 10_000);
    values.put("prices", "acme", bytes("eternal"), bytes("v"), Long.MAX_VALUE);

    List<Long> ttls = new java.util.ArrayList<>();
    for (String key : commands.keys("tenantcache:" + namespace + ":v:*")) { // a test: KEYS is fine
      ttls.add(commands.pttl(key));
    }

    assertThat(ttls).hasSize(2);
    assertThat(ttls).anySatisfy(ttl -> assertThat(ttl).isBetween(1L, 10_000L));
    assertThat(ttls).anySatisfy(ttl -> assertThat(ttl)
        .isBetween(SharedValues.ETERNAL_TTL_MILLIS - 60_000, SharedValues.ETERNAL_TTL_MILLIS));
    assertThat(commands.pttl("tenantcache:" + namespace + ":epochs:"
        + SharedValues.name("prices"))).as("no epoch yet: no hash").isEqualTo(-2L);
  }

  @Test
  void aMiss_leasesTheKeyToOneCaller_theOthersWait_andTheLoadedValueServesThemAll() {
    SharedValues.Lookup first = values.lookupOrLease("prices", "acme", bytes("k"), "a", 60_000);
    SharedValues.Lookup second = values.lookupOrLease("prices", "acme", bytes("k"), "b", 60_000);

    assertThat(first.leased()).isTrue();
    assertThat(second.leased()).isFalse();
    assertThat(second.leasedElsewhere()).isTrue();
    assertThat(values.lookupOrLease("prices", "globex", bytes("k"), "b", 60_000).leased())
        .as("another tenant's key is another lease").isTrue();
    assertThat(values.putLeased("prices", "acme", bytes("k"), "a", bytes("loaded"), 60_000))
        .isTrue();
    SharedValues.Lookup after = values.lookupOrLease("prices", "acme", bytes("k"), "c", 60_000);
    assertThat(after.value()).isEqualTo(bytes("loaded"));
    assertThat(after.leased()).isFalse();
    assertThat(commands.xlen(stream)).as("a load publishes nothing").isZero();
  }

  @Test
  void aWriteRemovalOrClearWhileALoadHoldsTheLease_voidsTheLoadsWrite() {
    List<Runnable> voiding = List.of(
        () -> values.put("prices", "acme", bytes("k"), bytes("written"), 60_000),
        () -> values.remove("prices", "acme", bytes("k")),
        () -> values.clearTenant("prices", "acme"),
        () -> values.clear("prices"));
    int round = 0;
    for (Runnable change : voiding) {
      String token = "t" + round++;
      assertThat(values.lookupOrLease("prices", "acme", bytes("k"), token, 60_000).leased())
          .isTrue();

      change.run();

      assertThat(values.putLeased("prices", "acme", bytes("k"), token, bytes("stale"), 60_000))
          .as("after change %d", round).isFalse();
      assertThat(values.get("prices", "acme", bytes("k"))).isNotEqualTo(bytes("stale"));
      values.remove("prices", "acme", bytes("k"));
    }
  }

  @Test
  void aLeaseThatExpires_orIsReleased_letsTheNextMissLoad() {
    assertThat(values.lookupOrLease("prices", "acme", bytes("k"), "a", 50).leased()).isTrue();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
        values.lookupOrLease("prices", "acme", bytes("k"), "b", 60_000).leased());
    assertThat(values.putLeased("prices", "acme", bytes("k"), "a", bytes("late"), 60_000))
        .as("the expired holder's write").isFalse();

    values.release("prices", "acme", bytes("k"), "a");
    assertThat(values.lookupOrLease("prices", "acme", bytes("k"), "c", 60_000).leased())
        .as("a release by a former holder leaves the lease alone").isFalse();
    values.release("prices", "acme", bytes("k"), "b");
    assertThat(values.lookupOrLease("prices", "acme", bytes("k"), "c", 60_000).leased()).isTrue();
  }

  @Test
  void namesWithColonsAndGlobCharacters_stayApart() {
    values.put("a:b", "t*[x]", bytes("k"), bytes("1"), 60_000);
    values.put("a", "b:t*[x]", bytes("k"), bytes("2"), 60_000);
    values.clearTenant("a", "b:t*[x]");

    assertThat(values.get("a:b", "t*[x]", bytes("k"))).isEqualTo(bytes("1"));
    assertThat(values.get("a", "b:t*[x]", bytes("k"))).isNull();
    assertThat(values.unlinkStale("a", 10, Long.MAX_VALUE)).isEqualTo(1);
    assertThat(values.get("a:b", "t*[x]", bytes("k"))).isEqualTo(bytes("1"));
  }
}
