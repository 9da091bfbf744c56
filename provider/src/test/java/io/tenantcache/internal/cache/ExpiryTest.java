package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.entries;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingListener.Seen;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JCache expiry on the fake ticker: entries live exactly as long as the policy says. */
final class ExpiryTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  private Cache<String, String> createdExpiryCache() {
    return fixture.create(fixture.builder(String.class, String.class)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
  }

  @Test
  void createdExpiry_entryVisibleBeforeDuration_goneAfter() {
    Cache<String, String> cache = createdExpiryCache();
    cache.put("k", "v");

    fixture.ticker.advance(59, SECONDS);
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(cache.containsKey("k")).isTrue();

    fixture.ticker.advance(2, SECONDS);
    assertThat(cache.containsKey("k")).isFalse();
    assertThat(cache.get("k")).isNull();
    assertThat(entries(cache)).isEmpty();
  }

  @Test
  void createdExpiry_getDoesNotExtendLife() {
    Cache<String, String> cache = createdExpiryCache();
    cache.put("k", "v");

    fixture.ticker.advance(50, SECONDS);
    assertThat(cache.get("k")).isEqualTo("v");
    fixture.ticker.advance(11, SECONDS);

    assertThat(cache.get("k")).isNull();
  }

  @Test
  void createdExpiry_eachTenantsEntryExpiresOnItsOwnClock() {
    Cache<String, String> cache = createdExpiryCache();
    Tenants.run("acme", () -> cache.put("k", "a1"));
    fixture.ticker.advance(30, SECONDS);
    Tenants.run("globex", () -> cache.put("k", "g1"));

    fixture.ticker.advance(31, SECONDS);

    assertThat(as("acme", () -> cache.get("k"))).isNull();
    assertThat(as("globex", () -> cache.get("k"))).isEqualTo("g1");
  }

  @Test
  void expiredEntry_firesOneExpiredEvent_whenALaterGetNoticesIt() {
    Cache<String, String> cache = createdExpiryCache();
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));
    Tenants.run("acme", () -> cache.put("k", "v1"));

    // Within the store's grace after expiry, so only a call that touches the entry removes it.
    fixture.ticker.advance(90, SECONDS);
    assertThat(as("acme", () -> cache.get("k"))).isNull();

    assertThat(listener.events(EventType.EXPIRED))
        .extracting(Seen::key, Seen::oldValue, Seen::eventTenant, Seen::boundTenant)
        .containsExactly(tuple("k", "v1", "acme", Optional.of("acme")));

    Tenants.run("acme", () -> cache.put("k", "v2"));
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("v2");
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("v2");
    assertThat(listener.events(EventType.EXPIRED)).hasSize(1);
  }

  @Test
  void expiredEntry_firesOneExpiredEvent_whenALaterWriteOfTheKeyNoticesIt() {
    Cache<String, String> cache = createdExpiryCache();
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));
    cache.put("k", "v1");

    fixture.ticker.advance(90, SECONDS);
    cache.put("k", "v2");

    assertThat(listener.events()).extracting(Seen::type, Seen::key, Seen::value).containsExactly(
        tuple(EventType.CREATED, "k", "v1"),
        tuple(EventType.EXPIRED, "k", "v1"),
        tuple(EventType.CREATED, "k", "v2"));
    assertThat(cache.get("k")).isEqualTo("v2");
  }

  @Test
  void expiredEntry_untouchedPastTheGrace_isDroppedInTheBackground_withOneExpiredEvent() {
    Cache<String, String> cache = createdExpiryCache();
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));
    Tenants.run("acme", () -> cache.put("old", "v1"));

    // Past expiry and the store's grace: background maintenance (which writes start) drops it.
    fixture.ticker.advance(3, MINUTES);
    cache.put("new", "v2");
    cache.put("newer", "v3");

    await().atMost(10, SECONDS).untilAsserted(() ->
        assertThat(listener.events(EventType.EXPIRED))
            .extracting(Seen::key, Seen::oldValue, Seen::eventTenant, Seen::boundTenant)
            .containsExactly(tuple("old", "v1", "acme", Optional.of("acme"))));
    assertThat(as("acme", () -> cache.containsKey("old"))).isFalse();
    assertThat(admin(cache).statistics("acme").size()).isZero();
    assertThat(listener.events(EventType.EXPIRED)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"clear", "clearTenant"})
  void expiredEntry_droppedWhileAnotherThreadClears_stillFiresExpiredEvent(String clearing)
      throws Exception {
    Cache<String, String> cache = createdExpiryCache();
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));
    Tenants.run("acme", () -> cache.put("k", "a1"));
    Tenants.run("globex", () -> cache.put("other", "g1"));
    fixture.ticker.advance(90, SECONDS);

    ExecutorService admin = Executors.newSingleThreadExecutor();
    try {
      Runnable clear = clearing.equals("clear")
          ? () -> Tenants.run("globex", cache::clear)
          : () -> CacheFixture.admin(cache).clearTenant("globex");
      admin.submit(clear).get(5, SECONDS);
    } finally {
      admin.shutdownNow();
      assertThat(admin.awaitTermination(5, SECONDS)).isTrue();
    }
    assertThat(as("acme", () -> cache.get("k"))).isNull();

    assertThat(listener.events(EventType.EXPIRED)).extracting(Seen::key, Seen::eventTenant)
        .contains(tuple("k", "acme"));
  }

  @Test
  void accessedExpiry_getExtendsLife() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .expiryPolicy(AccessedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
    cache.put("k", "v");

    fixture.ticker.advance(45, SECONDS);
    assertThat(cache.get("k")).isEqualTo("v");
    fixture.ticker.advance(45, SECONDS);
    assertThat(cache.get("k")).as("90s after creation, 45s after the last get").isEqualTo("v");
    fixture.ticker.advance(59, SECONDS);
    assertThat(cache.containsKey("k")).as("59s after the last get").isTrue();

    fixture.ticker.advance(2, SECONDS);
    assertThat(cache.get("k")).as("61s after the last get").isNull();
  }

  @Test
  void accessedExpiry_containsKeyDoesNotExtendLife() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .expiryPolicy(AccessedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
    cache.put("k", "v");

    fixture.ticker.advance(45, SECONDS);
    assertThat(cache.containsKey("k")).isTrue();
    fixture.ticker.advance(20, SECONDS);

    assertThat(cache.get("k")).isNull();
  }
}
