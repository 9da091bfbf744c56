package io.tenantcache.redis;

import static io.tenantcache.redis.Replicas.prices;
import static io.tenantcache.redis.Replicas.status;
import static io.tenantcache.redis.Replicas.tenantCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.cluster.ClusterMXBean;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.internal.management.ClusterMXBeanImpl;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.management.JMX;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mode {@code shared} between replicas through a real redis-server: a value one replica loads or
 * writes is read from Redis by the others (their loaders not called), one replica loads a key for
 * all, a tenant clear leaves no old value in either tier, and a replica's own change is never
 * undone by a read of Redis that does not show it yet.
 */
final class SharedModeTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static TestRedis redis;
  private Replicas replicas;
  private CacheManager managerA;
  private CacheManager managerB;

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
    VersionedLoader.reset();
    replicas = new Replicas(redis.uri());
    managerA = replicas.start(TenantCacheProperties.CLUSTER_MODE, "shared");
    managerB = replicas.start(TenantCacheProperties.CLUSTER_MODE, "shared");
    await().atMost(BOUND).until(() -> status(managerA).current() && status(managerB).current());
  }

  @AfterEach
  void stopReplicas() {
    replicas.close();
  }

  private static Cache<String, String> readThrough(CacheManager manager) {
    return prices(manager, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(VersionedLoader.class)));
  }

  private static SharedTierFigures figures(CacheManager manager) {
    return ((RedisInvalidationBus) manager.unwrap(ClusterTransport.class)).sharedFigures();
  }

  @Test
  void aValueLoadedOnOneReplica_isReadFromRedisByAnother_withoutItsLoader() {
    Cache<String, String> a = readThrough(managerA);
    Cache<String, String> b = readThrough(managerB);

    assertThat(a.get("k")).isEqualTo("k@1");
    assertThat(b.get("k")).isEqualTo("k@1");

    assertThat(VersionedLoader.calls("k")).isEqualTo(1);
    assertThat(figures(managerB).remoteHits()).isEqualTo(1);
    assertThat(figures(managerA).remoteMisses()).isEqualTo(1);
  }

  @Test
  void getAll_readsWhatRedisHoldsInOneScript_andLoadsOnlyTheKeysItLacks() {
    Cache<String, String> a = readThrough(managerA);
    Cache<String, String> b = readThrough(managerB);
    Set<String> held = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      held.add("k" + i);
      assertThat(a.get("k" + i)).isEqualTo("k" + i + "@1");
    }
    long scripts = commandCalls("evalsha");
    Set<String> asked = new TreeSet<>(held);
    asked.add("absent");

    Map<String, String> all = b.getAll(asked);

    assertThat(all).hasSize(21).containsEntry("k7", "k7@1").containsEntry("absent", "absent@1");
    assertThat(held).allSatisfy(key -> assertThat(VersionedLoader.calls(key)).isEqualTo(1));
    assertThat(VersionedLoader.calls("absent")).isEqualTo(1);
    assertThat(figures(managerB).remoteHits()).isEqualTo(20);
    // One script for the 20 held keys; the absent one is looked up (and loaded) on its own.
    assertThat(commandCalls("evalsha") - scripts).isEqualTo(1 + 2);
  }

  /** Returns how many times Redis ran {@code command} (INFO commandstats). */
  private static long commandCalls(String command) {
    long[] calls = new long[1];
    redis.with(admin -> {
      java.util.regex.Matcher found = java.util.regex.Pattern
          .compile("cmdstat_" + command + ":calls=(\\d+)").matcher(admin.info("commandstats"));
      calls[0] = found.find() ? Long.parseLong(found.group(1)) : 0;
    });
    return calls[0];
  }

  @Test
  void writesAndRemovals_reachTheOtherReplicaThroughRedis_withoutALoader() {
    Cache<String, String> a = prices(managerA);
    Cache<String, String> b = prices(managerB);

    a.put("k", "v1");
    await().atMost(BOUND).until(() -> "v1".equals(b.get("k")));
    a.put("k", "v2");
    await().atMost(BOUND).until(() -> "v2".equals(b.get("k")));
    a.remove("k");
    await().atMost(BOUND).until(() -> b.get("k") == null);
    assertThat(figures(managerB).remoteHits()).isPositive();
  }

  @Test
  void aReplicasOwnRemoval_isNotUndoneByRedisBeforeItArrivesThere() {
    Cache<String, String> a = prices(managerA);
    for (int round = 0; round < 200; round++) {
      a.put("k", "v" + round);
      a.remove("k");
      assertThat(a.get("k")).as("round %d", round).isNull();
    }
  }

  @Test
  void aTenantCleared_onOneReplica_isServedFromNeitherTier() throws Exception {
    Cache<String, String> a = readThrough(managerA);
    Cache<String, String> b = readThrough(managerB);
    Tenants.run("acme", () -> {
      assertThat(a.get("k")).isEqualTo("k@1");
      assertThat(a.get("only-in-redis-for-b")).isEqualTo("only-in-redis-for-b@1");
      assertThat(b.get("k")).isEqualTo("k@1");   // b learns acme's epochs here
    });
    Tenants.run("globex", () -> assertThat(b.get("k")).isEqualTo("k@1"));

    Map<String, byte[]> oldValues = new HashMap<>();
    redis.with(admin -> admin.keys("tenantcache:" + replicas.namespace() + ":v:*")
        .forEach(name -> oldValues.put(name, admin.dump(name))));

    long heardBefore = status(managerB).received();
    VersionedLoader.version.set(2);
    tenantCache(a).clearTenant("acme");

    assertThat(Tenants.call("acme", () -> a.get("k"))).isEqualTo("k@2");
    await().atMost(BOUND).until(() -> status(managerB).received() > heardBefore);
    // The old values back, as before the background unlinking reaches them: b holds no copy of
    // this key, so only what it knew of acme's epoch before the clear could name its old value.
    redis.with(admin -> oldValues.forEach((name, dumped) ->
        admin.restore(name, dumped, io.lettuce.core.RestoreArgs.Builder.ttl(60_000).replace())));
    assertThat(Tenants.call("acme", () -> b.get("only-in-redis-for-b")))
        .isEqualTo("only-in-redis-for-b@2");
    assertThat(Tenants.call("acme", () -> b.get("k"))).isEqualTo("k@2");
    assertThat(Tenants.call("globex", () -> b.get("k"))).as("another tenant kept")
        .isEqualTo("k@1");
  }

  @Test
  void aTenantClear_unlinksTheValuesItMadeUnreachable_fromRedis() {
    Cache<String, String> a = prices(managerA);
    RedisSharedTier tier = (RedisSharedTier) managerA.unwrap(ClusterTransport.class).sharedTier();
    Tenants.run("acme", () -> {
      for (int i = 0; i < 50; i++) {
        a.put("k" + i, "v" + i);
      }
    });
    Tenants.run("globex", () -> a.put("k0", "kept"));
    await().atMost(BOUND).until(() -> tier.pending() == 0);
    String values = "tenantcache:" + replicas.namespace() + ":v:*";
    redis.with(admin -> assertThat(admin.keys(values)).hasSize(51));

    tenantCache(a).clearTenant("acme");

    await().atMost(BOUND).untilAsserted(() -> redis.with(admin ->
        assertThat(admin.keys(values)).as("globex's value only").hasSize(1)));
    assertThat(tier.unlinkedStaleValues()).isEqualTo(50);
  }

  @Test
  void aStampedeOnTwoReplicas_makesOneBackendCall() throws Exception {
    VersionedLoader.delay = Duration.ofMillis(200);
    List<Cache<String, String>> caches = List.of(readThrough(managerA), readThrough(managerB));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> gets = new ArrayList<>();
      for (Cache<String, String> cache : caches) {
        for (int i = 0; i < threads; i++) {
          gets.add(pool.submit(() -> {
            start.await();
            return cache.get("hot");
          }));
        }
      }
      start.countDown();
      for (Future<String> get : gets) {
        assertThat(get.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("hot@1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(VersionedLoader.calls("hot")).isEqualTo(1);
    assertThat(figures(managerA).leaseWaits() + figures(managerB).leaseWaits()).isEqualTo(1);
  }

  @Test
  void aLookUpThatTimedOut_leavesNoLeaseBehind_forTheOthersToWaitOn() throws Exception {
    Cache<String, String> a = readThrough(managerA);
    Cache<String, String> b = readThrough(managerB);

    redis.with(admin -> admin.clientPause(3_000));
    assertThat(a.get("k")).as("loaded here: Redis did not answer in time").isEqualTo("k@1");
    assertThat(figures(managerA).unavailableCalls()).isPositive();
    // Once Redis runs the look-up it had queued, it takes the lease, then runs the release.
    String leases = "tenantcache:" + replicas.namespace() + ":lease:*";
    await().atMost(BOUND).untilAsserted(() ->
        redis.with(admin -> assertThat(admin.keys(leases)).isEmpty()));

    VersionedLoader.version.set(2);
    assertThat(b.get("k")).isEqualTo("k@2");
    assertThat(figures(managerB).leaseWaits()).as("nobody's lease to wait on").isZero();
  }

  @Test
  void withRedisGone_getsAnswerFromTheLoader_andSharingResumesWhenItIsBack() throws Exception {
    try (TestRedis own = TestRedis.start();
        Replicas pair = new Replicas(own.uri())) {
      CacheManager first = pair.start(TenantCacheProperties.CLUSTER_MODE, "shared");
      CacheManager second = pair.start(TenantCacheProperties.CLUSTER_MODE, "shared");
      await().atMost(BOUND).until(() -> status(first).current() && status(second).current());
      Cache<String, String> a = readThrough(first);
      Cache<String, String> b = readThrough(second);

      own.kill();
      for (int i = 0; i < 20; i++) {
        String key = "down-" + i;
        long started = System.nanoTime();
        assertThat(CompletableFuture.supplyAsync(() -> a.get(key)).get(5, TimeUnit.SECONDS))
            .isEqualTo(key + "@1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
      }
      assertThat(figures(first).unavailableCalls()).isPositive();

      own.restart();
      await().atMost(Duration.ofSeconds(20)).until(() -> status(first).current()
          && status(second).current());
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        String key = "up-" + System.nanoTime();
        a.get(key);
        long before = figures(second).remoteHits();
        b.get(key);
        return figures(second).remoteHits() > before;
      });
    }
  }

  @Test
  void aValueOfAClassOutsideTheReadersFilter_isRefusedUnread_andItsLoaderAnswers() {
    Cache<String, Object> a = managerA.createCache("documents", TenantCacheConfiguration
        .builder(String.class, Object.class).storeByValue(false).build());
    Cache<String, Object> b = managerB.createCache("documents", TenantCacheConfiguration
        .builder(String.class, Object.class)
        .serialFilter("java.lang.*;!*")
        .readThrough(FactoryBuilder.factoryOf(PlainLoader.class)).build());

    a.put("k", new Tripwire());
    RedisSharedTier tierOfA = (RedisSharedTier) managerA.unwrap(ClusterTransport.class)
        .sharedTier();
    await().atMost(BOUND).until(() -> tierOfA.pending() == 0);

    assertThat(b.get("k")).isEqualTo("from b's loader");
    assertThat(Tripwire.reads).as("never deserialized on b").hasValue(0);
    assertThat(figures(managerB).unreadableValues()).as("counted").isEqualTo(1);
  }

  @Test
  void aLoadedValueTheTierCannotHold_isAnsweredAndKeptHere() {
    Cache<String, Object> a = managerA.createCache("unshareable", TenantCacheConfiguration
        .builder(String.class, Object.class).storeByValue(false)
        .readThrough(FactoryBuilder.factoryOf(UnshareableLoader.class)).build());

    Object loaded = a.get("k");

    assertThat(loaded).isInstanceOf(Unshareable.class);
    assertThat(a.get("k")).as("kept here").isSameAs(loaded);
    assertThat(figures(managerA).remoteMisses()).isEqualTo(1);
  }

  @Test
  void aLoadedValueExpiredAtCreation_isAnsweredAsInModeInvalidate() {
    MutableConfiguration<String, String> expiredAtOnce = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(VersionedLoader.class))
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ZERO));
    Cache<String, String> invalidating = replicas.start().createCache("expired", expiredAtOnce);
    Cache<String, String> shared = prices(managerA, expiredAtOnce);

    assertThat(invalidating.get("k")).isEqualTo("k@1");
    assertThat(shared.get("k")).isEqualTo("k@1");
  }

  @Test
  void valuesWithTheJacksonCodec_crossAsJson_andReadBackAsTheValueType() {
    TenantCacheConfiguration<String, Price> json = TenantCacheConfiguration
        .builder(String.class, Price.class).storeByValue(false)
        .valueCodec(FactoryBuilder.factoryOf(JacksonValueCodec.class)).build();
    Cache<String, Price> a = managerA.createCache("price-records", json);
    Cache<String, Price> b = managerB.createCache("price-records", json);

    a.put("coffee", new Price("coffee", 250));

    await().atMost(BOUND).until(() -> new Price("coffee", 250).equals(b.get("coffee")));
    redis.with(commands -> assertThat(commands.keys("tenantcache:" + replicas.namespace()
        + ":v:*")).isNotEmpty().allSatisfy(key -> assertThat(commands.get(key))
        .isEqualTo("{\"name\":\"coffee\",\"cents\":250}")));
  }

  @Test
  void theSharedTiersFigures_areMeteredAndOnTheMXBean() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    java.util.Properties metered = new java.util.Properties();
    metered.put(TenantCacheProperties.METRICS_REGISTRY, registry);
    metered.setProperty(TenantCacheProperties.CLUSTER_MODE, "shared");
    CacheManager measured = replicas.start(metered);
    await().atMost(BOUND).until(() -> status(measured).current());
    Cache<String, String> here = readThrough(measured);
    Cache<String, String> there = readThrough(managerB);

    here.get("mine");      // a miss of the tier: loaded here
    there.get("theirs");
    here.get("theirs");    // a hit of the tier

    assertThat(registry.get("cache.cluster.shared.gets").tag("result", "hit")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.cluster.shared.gets").tag("result", "miss")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.cluster.shared.lookups").timer().count()).isEqualTo(2);
    assertThat(registry.get("cache.cluster.shared.breaker").tag("state", "closed").gauge()
        .value()).isEqualTo(1);
    ClusterMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
        ClusterMXBeanImpl.name(measured.getURI().toString()), ClusterMXBean.class);
    assertThat(bean.getSharedTier()).containsEntry("remoteHits", 1L)
        .containsEntry("remoteMisses", 1L);
    assertThat(bean.getSharedTierBreaker()).isEqualTo("closed");
  }

  /** A value of the JSON test. */
  public record Price(String name, int cents) {}

  /** A value whose reading would be seen. */
  static final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger reads = new AtomicInteger();

    private void readObject(java.io.ObjectInputStream in)
        throws java.io.IOException, ClassNotFoundException {
      reads.incrementAndGet();
      in.defaultReadObject();
    }
  }

  /** A value that cannot be serialized, so the shared tier cannot hold it. */
  record Unshareable(String key) {}

  /** Answers an {@link Unshareable} for every key. */
  public static final class UnshareableLoader extends KeyByKeyLoader<Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object load(String key) {
      return new Unshareable(key);
    }
  }

  /** Answers the same for every key. */
  public static final class PlainLoader extends KeyByKeyLoader<Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object load(String key) {
      return "from b's loader";
    }

  }

  /** Answers {@code <key>@<version>}, counting its calls per key; may take {@link #delay}. */
  public static final class VersionedLoader extends KeyByKeyLoader<String>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger version = new AtomicInteger(1);
    static volatile Duration delay = Duration.ZERO;
    private static final ConcurrentHashMap<String, AtomicInteger> CALLS =
        new ConcurrentHashMap<>();

    static void reset() {
      version.set(1);
      delay = Duration.ZERO;
      CALLS.clear();
    }

    static int calls(String key) {
      AtomicInteger calls = CALLS.get(key);
      return (calls == null) ? 0 : calls.get();
    }

    @Override
    public String load(String key) {
      CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return key + "@" + version.get();
    }

  }
}
