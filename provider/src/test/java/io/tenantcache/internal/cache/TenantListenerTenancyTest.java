package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheEntryEvent;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingListener.Seen;
import io.tenantcache.testing.TestPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Every entry event names the entry's tenant ({@code TenantCacheEntryEvent.tenant()}), and the
 * listener runs with that tenant bound ({@code Tenants.current()}): for synchronous and
 * asynchronous listeners, whichever tenant the thread that caused the event had bound.
 */
final class TenantListenerTenancyTest {
  private static final int THREADS = 4;
  private static final int KEYS = 50;

  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool executor = TestPool.fixed(THREADS);



  private static String tenant(int i) {
    return "tenant-" + i;
  }

  /** Asserts that the listener saw each event with the entry's tenant, by value and by binding. */
  private static void assertEachEventCarriesItsTenant(List<Seen<String, String>> events) {
    for (Seen<String, String> seen : events) {
      assertThat(seen.boundTenant()).as("bound in the listener for %s", seen)
          .contains(seen.eventTenant());
      String written = (seen.type() == EventType.REMOVED) ? seen.oldValue() : seen.value();
      assertThat(written).as("value of %s", seen).startsWith(seen.eventTenant() + "#");
      if (seen.oldValue() != null) {
        assertThat(seen.oldValue()).startsWith(seen.eventTenant() + "#");
      }
    }
  }

  /** Takes {@code count} events from {@code listener}, waiting at most 5 s for each. */
  private static List<Seen<String, String>> awaitEvents(RecordingListener<String, String> listener,
      int count) throws InterruptedException {
    List<Seen<String, String>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(listener.next());
    }
    return events;
  }

  @Test
  void syncAndAsyncListeners_seeEachEventsTenant_whateverTheCallerHasBound() throws Exception {
    RecordingListener<String, String> sync = new RecordingListener<>();
    RecordingListener<String, String> async = new RecordingListener<>();
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .addListener(sync.configuration(true)));
    cache.registerCacheEntryListener(async.configuration(false));
    TenantCache<String, String> admin = admin(cache);

    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(executor.submit(() -> {
        String own = tenant(thread);
        String other = tenant((thread + 1) % THREADS);
        assertThat(start.await(10, SECONDS)).isTrue();
        for (int i = 0; i < KEYS; i++) {
          String key = "k" + i;
          // even keys through the bound main view, odd ones through a view pinned to our tenant
          // while another tenant is bound on the thread
          try (Tenants.Scope ignored = Tenants.bind((i % 2 == 0) ? own : other)) {
            Cache<String, String> view = (i % 2 == 0) ? cache : admin.forTenant(own);
            view.put(key, own + "#1");
            view.put(key, own + "#2");
            view.remove(key);
            assertThat(Tenants.current()).contains((i % 2 == 0) ? own : other);
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(30, SECONDS);
    }

    int expected = THREADS * KEYS * 3;
    assertThat(sync.events()).hasSize(expected);
    assertEachEventCarriesItsTenant(sync.events());
    List<Seen<String, String>> asyncEvents = awaitEvents(async, expected);
    assertThat(async.events()).as("no more events than expected").isEmpty();
    assertEachEventCarriesItsTenant(asyncEvents);
    for (int t = 0; t < THREADS; t++) {
      String tenant = tenant(t);
      assertThat(sync.events().stream().filter(seen -> seen.eventTenant().equals(tenant)))
          .hasSize(KEYS * 3);
      assertThat(asyncEvents.stream().filter(seen -> seen.eventTenant().equals(tenant)))
          .hasSize(KEYS * 3);
    }
  }

  @Test
  void asyncListener_perTenantEventOrder_isCreatedUpdatedRemoved() throws Exception {
    RecordingListener<String, String> async = new RecordingListener<>();
    Cache<String, String> cache = fixture.strings();
    cache.registerCacheEntryListener(async.configuration(false));

    for (int t = 0; t < 3; t++) {
      String tenant = tenant(t);
      Tenants.run(tenant, () -> {
        cache.put("k", tenant + "#1");
        cache.put("k", tenant + "#2");
        cache.remove("k");
      });
    }

    List<Seen<String, String>> events = awaitEvents(async, 9);
    assertThat(events).extracting(Seen::type).containsExactly(
        EventType.CREATED, EventType.UPDATED, EventType.REMOVED,
        EventType.CREATED, EventType.UPDATED, EventType.REMOVED,
        EventType.CREATED, EventType.UPDATED, EventType.REMOVED);
    assertThat(events).extracting(Seen::eventTenant).containsExactly(
        tenant(0), tenant(0), tenant(0), tenant(1), tenant(1), tenant(1),
        tenant(2), tenant(2), tenant(2));
    assertEachEventCarriesItsTenant(events);
  }

  @Test
  void listener_onAnUnboundCall_seesTheDefaultTenantBound() {
    RecordingListener<String, String> sync = new RecordingListener<>();
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .addListener(sync.configuration(true)));

    cache.put("k", Tenants.DEFAULT_TENANT + "#1");

    assertThat(sync.events()).singleElement().satisfies(seen -> {
      assertThat(seen.eventTenant()).isEqualTo(Tenants.DEFAULT_TENANT);
      assertThat(seen.boundTenant()).contains(Tenants.DEFAULT_TENANT);
    });
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void expiredEvent_raisedByAnotherTenantsCall_carriesTheExpiredEntrysTenant() throws Exception {
    RecordingListener<String, String> sync = new RecordingListener<>();
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE))
        .addListener(sync.configuration(true)));
    Tenants.run("acme", () -> cache.put("k", "acme#1"));
    fixture.ticker.advance(3, MINUTES);

    // Only globex calls the cache now: its writes start the background maintenance that drops
    // acme's untouched entry (past the store's grace), on a thread bound to neither tenant.
    for (int i = 0; i < 20; i++) {
      int n = i;
      Tenants.run("globex", () -> cache.put("g" + n, "globex#" + n));
    }

    await().atMost(10, SECONDS).until(() -> !sync.events(EventType.EXPIRED).isEmpty());
    List<Seen<String, String>> expired = sync.events(EventType.EXPIRED);
    assertThat(expired).singleElement().satisfies(seen -> {
      assertThat(seen.eventTenant()).isEqualTo("acme");
      assertThat(seen.boundTenant()).isEqualTo(Optional.of("acme"));
      assertThat(seen.key()).isEqualTo("k");
    });
    assertThat(Tenants.current()).isEmpty();
  }
}
