package io.tenantcache.cluster;

import io.tenantcache.ClusterMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.spi.TenantCachingProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A clustered cache's side of the cluster seam, with a transport that records: what reaches the
 * store from the API is published, once, and what is this replica's own (loads, evictions) or
 * applied for the others is not; what the others publish is dropped here, and voids loads in
 * flight.
 */
final class ClusterPublishingTest {
  private final CachingProvider provider =
      Caching.getCachingProvider(TenantCachingProvider.class.getName());
  private CacheManager manager;
  private RecordingTransport transport;
  private Cache<String, String> cache;

  @BeforeEach
  void clusteredManager() {
    manager = manager(new Properties());
    transport = (RecordingTransport) manager.unwrap(ClusterTransport.class);
    cache = manager.createCache("prices", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** A clustered manager with one more property. */
  private CacheManager manager(String property, String value) {
    Properties overrides = new Properties();
    overrides.setProperty(property, value);
    return manager(overrides);
  }

  private CacheManager manager(Properties overrides) {
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, "recording://test");
    properties.putAll(overrides);
    return provider.getCacheManager(URI.create("urn:cluster-test:" + UUID.randomUUID()),
        getClass().getClassLoader(), properties);
  }

  @Test
  void writesAndRemovals_publishAnInvalidationOfTheirKey_onceEach() throws IOException {
    cache.put("coffee", "2.50");
    cache.remove("coffee");
    cache.remove("never held"); // another replica may hold it

    assertThat(transport.published()).containsExactly(
        Invalidation.ofKey("prices", "default", serialized("coffee")),
        Invalidation.ofKey("prices", "default", serialized("coffee")),
        Invalidation.ofKey("prices", "default", serialized("never held")));
  }

  @Test
  void aCallThatChangesNothing_publishesNothing() {
    cache.put("k", "v");
    transport.forget();

    cache.putIfAbsent("k", "other");
    cache.replace("absent", "v");
    cache.get("k");
    cache.invoke("k", (entry, args) -> entry.getValue());

    assertThat(transport.published()).isEmpty();
  }

  @Test
  void aTenantClear_isOneInvalidationOfTheTenant_whateverItHolds() {
    TenantCache<String, String> admin = tenantCache(cache);
    for (int i = 0; i < 50; i++) {
      admin.forTenant("acme").put("k" + i, "v");
    }
    transport.forget();

    admin.clearTenant("acme");
    admin.forTenant("globex").removeAll();
    manager.unwrap(TenantCacheManager.class).evictTenant("initech");

    assertThat(transport.published()).containsExactly(Invalidation.ofTenant("prices", "acme"),
        Invalidation.ofTenant("prices", "globex"), Invalidation.ofTenant("prices", "initech"));
  }

  @Test
  void loadsAndEvictions_publishNothing() throws Exception {
    Cache<String, String> loading = manager.createCache("loading",
        TenantCacheConfiguration.from(new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class).setReadThrough(true)
            .setCacheLoaderFactory(FactoryBuilder.factoryOf(new EchoLoader())))
            .maximumSize(10).build());

    for (int i = 0; i < 100; i++) {
      loading.get("k" + i);
    }
    javax.cache.integration.CompletionListenerFuture loaded =
        new javax.cache.integration.CompletionListenerFuture();
    loading.loadAll(Set.of("a", "b"), false, loaded);
    loaded.get(10, TimeUnit.SECONDS);

    assertThat(transport.published()).isEmpty();
  }

  @Test
  void aLoadAllThatReplaces_publishesItsKeys() throws Exception {
    Cache<String, String> loading = manager.createCache("reloading",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(new EchoLoader())));
    javax.cache.integration.CompletionListenerFuture loaded =
        new javax.cache.integration.CompletionListenerFuture();

    loading.loadAll(Set.of("a"), true, loaded);
    loaded.get(10, TimeUnit.SECONDS);

    assertThat(transport.published()).containsExactly(
        Invalidation.ofKey("reloading", "default", serialized("a")));
  }

  @Test
  void anotherReplicasInvalidation_dropsTheEntry_andPublishesNothingBack() throws IOException {
    TenantCache<String, String> admin = tenantCache(cache);
    admin.forTenant("acme").put("coffee", "2.50");
    admin.forTenant("acme").put("tea", "1.80");
    admin.forTenant("globex").put("coffee", "2.30");
    transport.forget();

    transport.deliver(Invalidation.ofKey("prices", "acme", serialized("coffee")));

    assertThat(admin.forTenant("acme").containsKey("coffee")).isFalse();
    assertThat(admin.forTenant("acme").get("tea")).isEqualTo("1.80");
    assertThat(admin.forTenant("globex").get("coffee")).isEqualTo("2.30");

    transport.deliver(Invalidation.ofTenant("prices", "acme"));
    assertThat(admin.tenants()).containsExactly("globex");

    transport.deliver(Invalidation.ofCache("prices"));
    assertThat(admin.tenants()).isEmpty();
    assertThat(transport.published()).isEmpty();
  }

  @Test
  void anotherReplicasTenantClear_hidesTheTenantAtOnce_beforeItsEntriesAreRemoved() {
    // The removal of the hidden entries waits here until the test runs it.
    List<Runnable> background = new CopyOnWriteArrayList<>();
    Cache<String, String> quick = manager.createCache("quick",
        TenantCacheConfiguration.builder(String.class, String.class)
            .maintenanceExecutor(background::add).build());
    TenantCache<String, String> admin = tenantCache(quick);
    for (int i = 0; i < 10_000; i++) {
      admin.forTenant("acme").put("k" + i, "old");
    }
    admin.forTenant("globex").put("k0", "kept");
    transport.forget();

    transport.deliver(Invalidation.ofTenant("quick", "acme"));

    for (int i = 0; i < 10_000; i++) {
      assertThat(admin.forTenant("acme").get("k" + i)).isNull();
    }
    admin.forTenant("acme").put("k1", "new");
    assertThat(admin.forTenant("acme").get("k1")).isEqualTo("new");
    assertThat(admin.forTenant("globex").get("k0")).isEqualTo("kept");
    background.forEach(Runnable::run);
    assertThat(admin.statistics("acme").size()).isEqualTo(1);
    assertThat(transport.published()).as("the put only").hasSize(1);
  }

  @Test
  void anotherReplicasTenantClear_isGoneFromTheCounts_whileTheBackgroundStillRemovesIt() {
    TenantCache<String, String> admin = tenantCache(cache);
    for (int round = 0; round < 300; round++) {
      for (int i = 0; i < 20; i++) {
        admin.forTenant("acme").put("k" + i, "v");
      }
      admin.forTenant("globex").put("k", "v");

      transport.deliver(Invalidation.ofTenant("prices", "acme"));

      assertThat(admin.tenants()).as("round %d", round).containsExactly("globex");
      assertThat(admin.statistics("acme").size()).isZero();
    }
  }

  @Test
  void aKeyThatCannotBeRead_dropsItsWholeTenant() {
    TenantCache<String, String> admin = tenantCache(cache);
    admin.forTenant("acme").put("coffee", "2.50");
    admin.forTenant("globex").put("coffee", "2.30");

    transport.deliver(Invalidation.ofKey("prices", "acme", new byte[] {1, 2, 3}));

    assertThat(admin.tenants()).containsExactly("globex");
  }

  @Test
  void aLoadInFlight_whenAnInvalidationOfItsKeyArrives_doesNotStoreItsValue_butLoadsAgain()
      throws Exception {
    Cache<String, String> slow = manager.createCache("slow", new MutableConfiguration<String,
        String>().setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(BlockingLoader.class)));

    for (Invalidation invalidation : new Invalidation[] {
        Invalidation.ofKey("slow", "default", serialized("k")),
        Invalidation.ofTenant("slow", "default"), Invalidation.ofCache("slow")}) {
      CountDownLatch loading = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      BlockingLoader.use(loading, release);
      CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> slow.get("k"));
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

      transport.deliver(invalidation);
      release.countDown();

      assertThat(read.get(10, TimeUnit.SECONDS)).as("after " + invalidation)
          .isEqualTo("loaded-2");
      assertThat(slow.get("k")).as("stored: the value loaded after " + invalidation)
          .isEqualTo("loaded-2");
      slow.remove("k");
    }
  }

  @Test
  void aRepair_dropsEveryClusteredCache() {
    cache.put("k", "v");

    transport.repair();

    assertThat(cache.containsKey("k")).isFalse();
    assertThat(transport.published()).hasSize(1); // the put only
  }

  @Test
  void modeLocal_leavesTheManagersCachesOutOfTheCluster() {
    CacheManager localManager = manager(TenantCacheProperties.CLUSTER_MODE, "local");
    try {
      Cache<String, String> own = localManager.createCache("prices",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      RecordingTransport itsTransport =
          (RecordingTransport) localManager.unwrap(ClusterTransport.class);
      own.put("k", "v");
      itsTransport.deliver(Invalidation.ofCache("prices"));

      assertThat(itsTransport.published()).isEmpty();
      assertThat(own.get("k")).isEqualTo("v");
    } finally {
      localManager.close();
    }
  }

  @Test
  void aCachesOwnMode_winsOverTheManagers() {
    CacheManager localByDefault = manager(TenantCacheProperties.CLUSTER_MODE, "local");
    try {
      RecordingTransport itsTransport =
          (RecordingTransport) localByDefault.unwrap(ClusterTransport.class);
      Cache<String, String> clustered = localByDefault.createCache("clustered",
          TenantCacheConfiguration.builder(String.class, String.class)
              .clusterMode(ClusterMode.INVALIDATE).build());
      cache.put("k", "v");
      transport.forget();
      Cache<String, String> own = manager.createCache("own",
          TenantCacheConfiguration.builder(String.class, String.class)
              .clusterMode(ClusterMode.LOCAL).build());

      clustered.put("k", "v");
      own.put("k", "v");

      assertThat(itsTransport.published()).hasSize(1);
      assertThat(transport.published()).as("the local cache of a clustered manager").isEmpty();
    } finally {
      localByDefault.close();
    }
  }

  @Test
  void whileTheTransportIsDown_writesGoOnLocally_byDefault() {
    transport.connected(false);

    cache.put("k", "v");
    cache.remove("other");

    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(transport.published()).hasSize(2);
  }

  @Test
  void whileTheTransportIsDown_onPublishFailureFail_failsWrites_andChangesNothing() {
    CacheManager strict = manager(TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE, "fail");
    try {
      RecordingTransport itsTransport = (RecordingTransport) strict.unwrap(ClusterTransport.class);
      Cache<String, String> prices = strict.createCache("prices",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      TenantCache<String, String> admin = tenantCache(prices);
      prices.put("k", "v");
      itsTransport.connected(false);

      for (Runnable write : List.<Runnable>of(() -> prices.put("k", "new"),
          () -> prices.remove("k"), () -> prices.replace("k", "new"),
          () -> prices.getAndPut("k", "new"), () -> prices.putAll(Map.of("k", "new")),
          () -> prices.invoke("k", (entry, args) -> {
            entry.setValue("new");
            return null;
          }),
          prices::clear, () -> admin.clearTenant("default"))) {
        assertThatThrownBy(write::run).isInstanceOf(javax.cache.CacheException.class)
            .hasStackTraceContaining(TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE);
      }

      assertThat(prices.get("k")).as("nothing changed").isEqualTo("v");
      assertThat(itsTransport.published()).hasSize(1); // the first put only
      itsTransport.connected(true);
      prices.put("k", "new");
      assertThat(prices.get("k")).isEqualTo("new");
      itsTransport.deliver(Invalidation.ofCache("prices"));
      assertThat(prices.containsKey("k")).as("other replicas' changes still apply").isFalse();
    } finally {
      strict.close();
    }
  }

  @Test
  void closingTheManager_closesItsTransport() {
    manager.close();

    assertThat(transport.isClosed()).isTrue();
  }

  @Test
  void theClusterMeters_readTheTransportsFigures_andGoWithTheManager() throws IOException {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    Properties metered = new Properties();
    metered.put(TenantCacheProperties.METRICS_REGISTRY, registry);
    CacheManager withMeters = manager(metered);
    Cache<String, String> prices = withMeters.createCache("prices",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    prices.put("k", "v");
    prices.remove("k");

    assertThat(registry.get("cache.cluster.invalidations").tag("direction", "sent")
        .functionCounter().count()).isEqualTo(2.0);
    assertThat(registry.get("cache.cluster.connected").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("cache.cluster.suspect").gauge().value()).isEqualTo(0.0);
    assertThat(registry.get("cache.cluster.outbox").gauge().value()).isEqualTo(0.0);
    RecordingTransport itsTransport = (RecordingTransport) withMeters.unwrap(ClusterTransport.class);
    itsTransport.deliver(Invalidation.ofKey("prices", "default", serialized("a")),
        java.time.Duration.ofMillis(2));
    itsTransport.deliver(Invalidation.ofKey("prices", "default", serialized("b")),
        java.time.Duration.ofMillis(4));
    io.micrometer.core.instrument.Timer lag = registry.get("cache.cluster.lag").timer();
    assertThat(lag.count()).isEqualTo(2);
    assertThat(lag.max(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
    assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
    itsTransport.repair(RepairReason.MESSAGES_TRIMMED);
    for (RepairReason reason : RepairReason.values()) {
      assertThat(registry.get("cache.cluster.repairs").tag("reason", reason.tag())
          .functionCounter().count()).as(reason.tag())
          .isEqualTo((reason == RepairReason.MESSAGES_TRIMMED) ? 1.0 : 0.0);
    }
    withMeters.close();
    assertThat(registry.find("cache.cluster.invalidations").meters()).isEmpty();
  }

  @Test
  void theClusterMXBean_showsTheFigures_whileTheManagerIsOpen() throws Exception {
    javax.management.MBeanServer server =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    javax.management.ObjectName name = new javax.management.ObjectName(
        "io.tenantcache:type=Cluster,CacheManager=" + manager.getURI().toString()
            .replace(':', '.'));
    cache.put("k", "v");

    assertThat(server.getAttribute(name, "Sent")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "Connected")).isEqualTo(true);
    assertThat(server.getAttribute(name, "Namespace")).isEqualTo(manager.getURI().toString());
    transport.repair(RepairReason.SILENT);
    assertThat(server.getAttribute(name, "Repairs")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "RepairsByReason"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.type(
            javax.management.openmbean.TabularData.class))
        .satisfies(table -> assertThat(table.get(new Object[] {"silent"}).get("value"))
            .isEqualTo(1L));
    manager.close();
    assertThat(server.isRegistered(name)).isFalse();
  }

  @Test
  void theNamespace_defaultsToTheManagersUri() {
    assertThat(transport.settings().namespace()).isEqualTo(manager.getURI().toString());
  }

  @Test
  void theClusterSettings_canComeFromTenantcacheConf() {
    CacheManager declared = provider.getCacheManager(URI.create("classpath:config/cluster.conf"),
        getClass().getClassLoader(), new Properties());
    try {
      ClusterSettings settings =
          ((RecordingTransport) declared.unwrap(ClusterTransport.class)).settings();

      assertThat(settings).isEqualTo(new ClusterSettings(URI.create("recording://from-the-file"),
          "pricing", ClusterMode.INVALIDATE, java.time.Duration.ofMillis(750), 42,
          OnPublishFailure.FAIL, java.time.Duration.ofMillis(1500)));
      assertThat(declared.getCache("coded-prices").getConfiguration(
          TenantCacheConfiguration.class).getValueCodecFactory().create())
          .isInstanceOf(ReversingCodec.class);
      declared.getCache("own-prices").put("k", "v");
      assertThat(((RecordingTransport) declared.unwrap(ClusterTransport.class)).published())
          .as("cluster-mode = local").isEmpty();
      declared.getCache("shared-prices").put("k", "v");
      assertThat(((RecordingTransport) declared.unwrap(ClusterTransport.class)).published())
          .hasSize(1);
    } finally {
      declared.close();
    }
  }

  @Test
  void aManagerThatIsNotClustered_saysSoWhenAskedForItsTransport() {
    CacheManager alone = provider.getCacheManager(URI.create("urn:alone:" + UUID.randomUUID()),
        getClass().getClassLoader(), new Properties());
    try {
      assertThatThrownBy(() -> alone.unwrap(ClusterTransport.class))
          .hasMessageContaining(TenantCacheProperties.CLUSTER_REDIS_URI);
    } finally {
      alone.close();
    }
  }

  @Test
  void aSharedCache_ofATransportWithoutASharedTier_failsNamingTheCache() {
    assertThatThrownBy(() -> manager.createCache("everywhere", TenantCacheConfiguration
        .builder(String.class, String.class).clusterMode(ClusterMode.SHARED).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'everywhere'").hasMessageContaining("shared tier");
  }

  /** A codec named in a configuration file. */
  public static final class ReversingCodec implements io.tenantcache.ValueCodec {
    @Override
    public byte[] encode(Object value) {
      return new StringBuilder(value.toString()).reverse().toString()
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] bytes, Class<?> type) {
      return new StringBuilder(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
          .reverse().toString();
    }
  }

  @Test
  void badClusterSettings_failGetCacheManager_namingTheSetting() {
    Map<String, String> bad = Map.of(
        TenantCacheProperties.CLUSTER_MODE, "everywhere",
        TenantCacheProperties.CLUSTER_MAX_STALENESS, "soon",
        TenantCacheProperties.CLUSTER_LEASE_WAIT, "0s",
        TenantCacheProperties.CLUSTER_OUTBOX_CAPACITY, "0",
        TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE, "retry",
        TenantCacheProperties.CLUSTER_NAMESPACE, " ");
    for (Map.Entry<String, String> setting : bad.entrySet()) {
      Properties properties = new Properties();
      properties.setProperty(setting.getKey(), setting.getValue());
      assertThatThrownBy(() -> manager(properties)).as(setting.getKey())
          .hasStackTraceContaining(setting.getKey());
    }
  }

  @Test
  void aUriNoTransportAccepts_namesTheModuleToAdd_withoutThePassword() {
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI,
        "redis://user:s3cret@localhost:6379");

    assertThatThrownBy(() -> manager(properties))
        .hasStackTraceContaining("io.tenantcache:tenantcache-redis")
        .hasStackTraceContaining("redis://***@localhost:6379")
        .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("s3cret"));
  }

  private static String stackTrace(Throwable failure) {
    java.io.StringWriter text = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  private static TenantCache<String, String> tenantCache(Cache<String, String> cache) {
    return cache.unwrap(TenantCache.class);
  }

  private static byte[] serialized(Object key) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(key);
    }
    return bytes.toByteArray();
  }

  /** Loads the key as its value. */
  public static final class EchoLoader implements CacheLoader<String, String>,
      java.io.Serializable {
    @Override
    public String load(String key) {
      return key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, key));
      return loaded;
    }
  }

  /** Loads "loaded" once released; tells when it starts. */
  public static final class BlockingLoader implements CacheLoader<String, String>,
      java.io.Serializable {
    private static volatile CountDownLatch loading = new CountDownLatch(0);
    private static volatile CountDownLatch release = new CountDownLatch(0);
    private static final AtomicInteger CALLS = new AtomicInteger();

    /** Holds the next loads until {@code releases} opens; counts the loads from 1 again. */
    static void use(CountDownLatch starts, CountDownLatch releases) {
      loading = starts;
      release = releases;
      CALLS.set(0);
    }

    /** Answers {@code loaded-<n>} for its n-th call since {@link #use}. */
    @Override
    public String load(String key) {
      int call = CALLS.incrementAndGet();
      loading.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "loaded-" + call;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }
  }
}
