package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.thrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import io.tenantcache.testing.LoadTestSupport.SettableClock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Circuit breakers on the load path: per tenant by default (one tenant's broken backend opens
 * only its own breaker), per cache on request; an open breaker rejects without calling the loader
 * and closes again once half-open probes succeed. Time is a settable clock.
 */
final class LoadCircuitBreakerTest {
  private static final int WINDOW = 4;
  private static final Duration OPEN_WAIT = Duration.ofSeconds(30);

  private final SettableClock clock = new SettableClock();
  private final ScriptedLoader loader = new ScriptedLoader();
  private final Set<String> brokenTenants = ConcurrentHashMap.newKeySet();
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  @BeforeEach
  void setUp() {
    loader.onLoad(key -> {
      String tenant = Tenants.current().orElseThrow();
      if (brokenTenants.contains(tenant)) {
        throw new IllegalStateException("backend of " + tenant + " is down");
      }
      return tenant + "/" + key;
    });
  }

  private CircuitBreakerConfig breakerConfig() {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(WINDOW)
        .minimumNumberOfCalls(WINDOW)
        .failureRateThreshold(50)
        .waitDurationInOpenState(OPEN_WAIT)
        .permittedNumberOfCallsInHalfOpenState(2)
        .clock(clock)
        .build();
  }

  private TenantCacheConfiguration<String, String> configuration(ResilienceScope scope) {
    return fixture.builder(String.class, String.class).readThrough(() -> loader)
        .statisticsEnabled(true)
        .resilience(LoadResilience.builder().circuitBreaker(breakerConfig(), scope).build())
        .build();
  }

  private Cache<String, String> cache(ResilienceScope scope) {
    return fixture.create(configuration(scope));
  }

  private CircuitBreakerRegistry breakers() {
    return fixture.manager.unwrap(TenantCacheManager.class).circuitBreakers();
  }

  private CircuitBreaker breaker(String name) {
    return breakers().find(name).orElseThrow(() -> new AssertionError("no breaker " + name
        + " among " + breakers().getAllCircuitBreakers().stream().map(CircuitBreaker::getName)
        .toList()));
  }

  /** Makes {@code count} loads of distinct keys fail for {@code tenant}. */
  private void failLoads(Cache<String, String> cache, String tenant, int count) {
    for (int i = 0; i < count; i++) {
      String key = "failing-" + i;
      Throwable thrown = thrownBy(() -> as(tenant, () -> cache.get(key)));
      assertThat(thrown).isInstanceOf(CacheLoaderException.class);
      assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void tenantScope_oneTenantsFailuresOpenOnlyItsBreaker_untilProbesSucceed() {
    Cache<String, String> cache = cache(ResilienceScope.TENANT);
    brokenTenants.add("A");

    failLoads(cache, "A", WINDOW);
    assertThat(as("B", () -> cache.get("k"))).isEqualTo("B/k");

    CircuitBreaker breakerA = breaker(cache.getName() + "/A");
    assertThat(breakerA.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker(cache.getName() + "/B").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breakers().find(cache.getName())).isEmpty();

    int callsBefore = loader.loadCalls.get();
    Throwable rejected = thrownBy(() -> as("A", () -> cache.get("k")));
    assertThat(rejected).isInstanceOf(CacheLoaderException.class);
    assertThat(rejected.getCause()).isInstanceOf(CallNotPermittedException.class);
    assertThat(loader.loadCalls).as("loader calls while open").hasValue(callsBefore);
    assertThat(CacheFixture.admin(cache).statistics("A").loadFailures()).isEqualTo(WINDOW + 1);

    for (int i = 0; i < 10; i++) {
      String key = "b-" + i;
      assertThat(as("B", () -> cache.get(key))).isEqualTo("B/" + key);
    }

    brokenTenants.remove("A");
    clock.advance(OPEN_WAIT.minusSeconds(1));
    assertThat(thrownBy(() -> as("A", () -> cache.get("k"))).getCause())
        .as("still open before the wait has passed")
        .isInstanceOf(CallNotPermittedException.class);

    clock.advance(Duration.ofSeconds(2));
    assertThat(as("A", () -> cache.get("probe-1"))).isEqualTo("A/probe-1");
    assertThat(breakerA.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(as("A", () -> cache.get("probe-2"))).isEqualTo("A/probe-2");
    assertThat(breakerA.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(as("A", () -> cache.get("k"))).isEqualTo("A/k");
  }

  @Test
  void cacheScope_oneTenantsFailuresOpenTheBreakerForEveryone() {
    Cache<String, String> cache = cache(ResilienceScope.CACHE);
    brokenTenants.add("A");

    failLoads(cache, "A", WINDOW);

    assertThat(breaker(cache.getName()).getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breakers().find(cache.getName() + "/A")).isEmpty();
    int callsBefore = loader.loadCalls.get();
    Throwable rejected = thrownBy(() -> as("B", () -> cache.get("k")));
    assertThat(rejected).isInstanceOf(CacheLoaderException.class);
    assertThat(rejected.getCause()).isInstanceOf(CallNotPermittedException.class);
    assertThat(loader.loadCalls).hasValue(callsBefore);
    assertThat(as("B", () -> cache.containsKey("k"))).isFalse();
  }

  @Test
  void openBreaker_rejection_leavesStoredEntriesAlone() {
    Cache<String, String> cache = cache(ResilienceScope.TENANT);
    Tenants.run("A", () -> cache.put("stored", "kept"));
    brokenTenants.add("A");
    failLoads(cache, "A", WINDOW);

    assertThat(thrownBy(() -> as("A", () -> cache.get("missing"))).getCause())
        .isInstanceOf(CallNotPermittedException.class);
    assertThat(as("A", () -> cache.get("stored"))).isEqualTo("kept");
  }

  @Test
  void createCache_afterDestroyingOneOfTheSameName_startsWithClosedBreakers() {
    fixture.manager.createCache("orders", configuration(ResilienceScope.TENANT));
    Cache<String, String> first = fixture.manager.getCache("orders", String.class, String.class);
    brokenTenants.add("A");
    failLoads(first, "A", WINDOW);
    fixture.manager.destroyCache("orders");
    brokenTenants.remove("A");

    Cache<String, String> second =
        fixture.manager.createCache("orders", configuration(ResilienceScope.TENANT));

    assertThat(as("A", () -> second.get("k"))).isEqualTo("A/k");
  }

  @Test
  void tenantScope_breakerNames_doNotCollideAcrossCaches() {
    Cache<String, String> slashedCache =
        fixture.manager.createCache("a/b", configuration(ResilienceScope.TENANT));
    Cache<String, String> plainCache =
        fixture.manager.createCache("a", configuration(ResilienceScope.TENANT));
    brokenTenants.add("c");

    failLoads(slashedCache, "c", WINDOW);

    assertThat(as("b/c", () -> plainCache.get("k"))).isEqualTo("b/c/k");
  }
}
