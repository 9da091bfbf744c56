package io.tenantcache.internal.cache;

import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.result;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheEntryEvent;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.ObservabilityFixture;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation as a security boundary: a caller bound to one tenant never sees another
 * tenant's keys or values, whether through a return value, an exception (a failing loader, writer
 * or listener), an event, an MBean, a meter or a {@code toString}. Each tenant's data carries its
 * own secret marker; every channel a caller of the other tenant can read is searched for it.
 */
final class SecurityIsolationTest {
  private static final String ALICE_SECRET = "alice-secret-0xA11CE";
  private static final String BOB_SECRET = "bob-secret-0xB0B";

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private ObservabilityFixture fixture;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void setUp() {
    meters = new SimpleMeterRegistry();
    fixture = new ObservabilityFixture(ObservabilityFixture.properties(
        TenantCacheProperties.METRICS_REGISTRY, meters, TenantCacheProperties.METRICS_TENANT_TAG, "true"));
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    fixture.close();
  }

  /** The marker of a tenant's data: alice's keys and values hold hers, bob's his. */
  private static String secretOf(String tenant) {
    return tenant.equals("alice") ? ALICE_SECRET : BOB_SECRET;
  }

  private static void assertNoSecretOf(String tenant, Object seen) {
    assertThat(String.valueOf(seen)).doesNotContain(secretOf(tenant));
  }

  private static void assertNoSecretOf(String tenant, Throwable failure) {
    for (Throwable current = failure; current != null; current = current.getCause()) {
      assertNoSecretOf(tenant, current.toString());
      for (Throwable suppressed : current.getSuppressed()) {
        assertNoSecretOf(tenant, suppressed);
      }
    }
  }

  @Test
  void failingLoader_ofOneTenant_neverReachesTheOther_evenForTheSameKeyAtTheSameTime()
      throws Exception {
    CountDownLatch aliceLoading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Factory<CacheLoader<String, String>> loader = () -> new CacheLoader<>() {
      @Override
      public String load(String key) {
        String tenant = Tenants.current().orElseThrow();
        if (tenant.equals("alice")) {
          aliceLoading.countDown();
          try {
            LoadTestSupport.hold(release);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("backend refused " + key + " for " + ALICE_SECRET);
        }
        return "value of " + key + " for " + BOB_SECRET;
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        Map<String, String> loaded = new HashMap<>();
        keys.forEach(key -> loaded.put(key, load(key)));
        return loaded;
      }
    };
    Cache<String, String> cache = fixture.create("loading", fixture.builder().readThrough(loader));

    Future<Throwable> alice = pool.submit(() ->
        Tenants.call("alice", () -> thrown(() -> cache.get("shared"))));
    await(aliceLoading, "alice's load to start");
    String bobs = result(pool.submit(() -> Tenants.call("bob", () -> cache.get("shared"))));
    release.countDown();
    Throwable aliceFailure = result(alice);

    assertThat(bobs).as("bob's own load, not joined to alice's").contains(BOB_SECRET);
    assertThat(aliceFailure).isInstanceOf(CacheLoaderException.class)
        .hasMessageContaining("tenant 'alice'");
    assertNoSecretOf("bob", aliceFailure);
    assertNoSecretOf("alice", Tenants.call("bob", () -> cache.getAll(Set.of("shared", "z"))));
    assertNoSecretOf("alice", Tenants.call("bob", () -> CacheFixture.entries(cache)));
  }

  @Test
  void failingWriter_gets_andReports_onlyTheCallersEntries() throws Exception {
    Queue<String> seenByWriter = new ConcurrentLinkedQueue<>();
    Factory<CacheWriter<? super String, ? super String>> writer = () -> new CacheWriter<>() {
      @Override
      public void write(Cache.Entry<? extends String, ? extends String> entry) {
        record(entry);
      }

      @Override
      public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
        new ArrayList<>(entries).forEach(this::record);
        entries.clear();
      }

      private void record(Cache.Entry<? extends String, ? extends String> entry) {
        String tenant = Tenants.current().orElseThrow();
        seenByWriter.add(tenant + " " + entry);   // SimpleEntry prints its key and value
        if (entry.getValue().contains("fail")) {
          throw new IllegalStateException("cannot store " + entry);
        }
      }

      @Override
      public void delete(Object key) {
      }

      @Override
      public void deleteAll(Collection<?> keys) {
        keys.clear();
      }
    };
    Cache<String, String> cache = fixture.create("writing", fixture.builder().writeThrough(writer));

    Tenants.run("alice", () -> {
      cache.put("a1", ALICE_SECRET);
      cache.putAll(Map.of("a2", ALICE_SECRET, "a3", ALICE_SECRET));
    });
    Throwable aliceFailure = Tenants.call("alice",
        () -> thrown(() -> cache.put("a4", "fail " + ALICE_SECRET)));
    List<Throwable> bobsFailures = new ArrayList<>();
    Tenants.run("bob", () -> {
      cache.put("b1", BOB_SECRET);
      bobsFailures.add(thrown(() -> cache.put("b2", "fail " + BOB_SECRET)));
      bobsFailures.add(thrown(() -> cache.putAll(Map.of("b3", "fail " + BOB_SECRET,
          "b4", BOB_SECRET))));
      bobsFailures.add(thrown(() -> cache.invoke("b5", (entry, args) -> {
        entry.setValue("fail " + BOB_SECRET);
        return null;
      })));
    });

    assertThat(seenByWriter).isNotEmpty().allSatisfy(line ->
        assertThat(line).contains(secretOf(line.substring(0, line.indexOf(' '))))
            .doesNotContain(secretOf(line.startsWith("alice") ? "bob" : "alice")));
    assertThat(aliceFailure).isInstanceOf(CacheWriterException.class)
        .hasMessageContaining("tenant 'alice'");
    assertNoSecretOf("bob", aliceFailure);
    assertThat(bobsFailures).hasSize(3).allSatisfy(failure -> {
      assertThat(failure).isInstanceOf(CacheWriterException.class);
      assertNoSecretOf("alice", failure);
    });
  }

  @Test
  void events_carryTheirOwnTenant_evenWhenFoundDuringAnotherTenantsCall() throws Exception {
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    Queue<Throwable> bobsFailures = new ConcurrentLinkedQueue<>();
    Factory<CacheEntryListener<? super String, ? super String>> listener =
        () -> new Listener(seen);
    Cache<String, String> cache = fixture.create("events", fixture.builder()
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(new Duration(MINUTES, 1)))
        .addListener(new MutableCacheEntryListenerConfiguration<>(listener, null, true, true)));

    Tenants.run("alice", () -> cache.put("alice-key " + ALICE_SECRET, ALICE_SECRET));
    // Past expiry and the store's grace: bob's calls start the maintenance that drops it.
    fixture.ticker.advance(3, MINUTES);
    Tenants.run("bob", () -> {
      for (int i = 0; i < 20; i++) {
        try {
          cache.put("bob-key-" + i + " " + BOB_SECRET, BOB_SECRET);
          cache.get("bob-key-" + i + " " + BOB_SECRET);
        } catch (RuntimeException e) {
          bobsFailures.add(e);
        }
      }
    });

    Awaitility.await().atMost(10, SECONDS).untilAsserted(() -> assertThat(seen)
        .as("alice's entry expired while bob was calling")
        .anyMatch(line -> line.startsWith("EXPIRED alice")));
    assertThat(seen).allSatisfy(line -> {
      String[] parts = line.split(" ", 4);   // type, event tenant, bound tenant, key and value
      assertThat(parts[2]).as("bound while the listener ran").isEqualTo(parts[1]);
      assertThat(parts[3]).contains(secretOf(parts[1]))
          .doesNotContain(secretOf(parts[1].equals("alice") ? "bob" : "alice"));
    });
    assertThat(bobsFailures).as("alice's failing expiry listener is not bob's failure").isEmpty();
  }

  /** Records each event; fails (naming the entry) on expiry, as a careless listener would. */
  static final class Listener implements CacheEntryCreatedListener<String, String>,
      CacheEntryExpiredListener<String, String> {
    private final Queue<String> seen;

    Listener(Queue<String> seen) {
      this.seen = seen;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(this::record);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(this::record);
      throw new IllegalStateException("could not index the expiry of " + events.iterator().next()
          .getKey() + "=" + events.iterator().next().getValue());
    }

    private void record(CacheEntryEvent<? extends String, ? extends String> event) {
      String tenant = event.unwrap(TenantCacheEntryEvent.class).tenant();
      String value = (event.getValue() != null) ? event.getValue() : event.getOldValue();
      seen.add(event.getEventType() + " " + tenant + " " + Tenants.current().orElse("-") + " "
          + event.getKey() + " " + value);
      assertNoSecretOf(tenant.equals("alice") ? "bob" : "alice", event);   // its toString
    }
  }

  @Test
  void mbeansMetersAndDescriptions_showCountsAndTenantIds_neverKeysOrValues() throws Exception {
    Factory<CacheLoader<String, String>> loader = () -> new ObservabilityFixture.Loader();
    Cache<String, String> cache = fixture.create("observed", fixture.builder().readThrough(loader));
    for (String tenant : List.of("alice", "bob")) {
      Tenants.run(tenant, () -> {
        cache.put("key " + secretOf(tenant), "value " + secretOf(tenant));
        cache.get("key " + secretOf(tenant));
        cache.get("loaded " + secretOf(tenant));
        thrown(() -> cache.get("fail " + secretOf(tenant)));
        cache.invoke("key " + secretOf(tenant), (entry, args) -> entry.getValue());
      });
    }

    StringBuilder everything = new StringBuilder();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (ObjectName name : server.queryNames(new ObjectName("*:CacheManager="
        + ObservabilityFixture.sanitize(fixture.uri.toString()) + ",*"), null)) {
      everything.append(name).append('\n');
      for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
        everything.append(attribute.getName()).append('=')
            .append(server.getAttribute(name, attribute.getName())).append('\n');
      }
    }
    for (Meter meter : meters.getMeters()) {
      everything.append(meter.getId()).append(' ');
      for (Measurement measurement : meter.measure()) {
        everything.append(measurement).append('\n');
      }
    }
    everything.append(cache).append(cache.getConfiguration(TenantCacheConfiguration.class))
        .append(fixture.manager).append(CacheFixture.admin(cache).statistics("alice"))
        .append(CacheFixture.admin(cache).tenants());

    assertThat(everything.toString()).contains("alice", "bob", "CacheHits")
        .doesNotContain(ALICE_SECRET, BOB_SECRET);
  }

  @Test
  void anotherTenantsEntries_areInvisibleToEveryCallOfABoundCaller() {
    Cache<String, String> cache = fixture.create("views", fixture.builder());
    Tenants.run("alice", () -> cache.put("k", ALICE_SECRET));
    TenantCache<String, String> admin = CacheFixture.admin(cache);

    Tenants.run("bob", () -> {
      assertThat(cache.get("k")).isNull();
      assertThat(cache.containsKey("k")).isFalse();
      assertThat(cache.getAndPut("k", BOB_SECRET)).isNull();
      String processed = cache.invoke("k", (entry, args) -> entry.getValue());
      assertThat(processed).isEqualTo(BOB_SECRET);
      assertNoSecretOf("alice", CacheFixture.entries(cache));
      cache.removeAll();
      cache.clear();
    });
    assertThat(admin.forTenant("alice").get("k")).isEqualTo(ALICE_SECRET);
    assertThat(Optional.ofNullable(admin.forTenant("bob").get("k"))).isEmpty();
  }
}
