package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.entries;
import static io.tenantcache.testing.LoadTestSupport.thrownBy;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.LoadResilience;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stale-if-error: an entry expired at most the configured staleness ago answers a get whose
 * reload fails, and is invisible to everything else. Entries live one minute (fake ticker) and
 * may be served stale for five more.
 */
final class StaleIfErrorTest {
  private static final java.time.Duration MAX_STALENESS = java.time.Duration.ofMinutes(5);

  private final ScriptedLoader loader = new ScriptedLoader();
  private final AtomicBoolean backendDown = new AtomicBoolean();
  private final IllegalStateException boom = new IllegalStateException("backend down");
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  @BeforeEach
  void setUp() {
    loader.onLoad(key -> {
      if (backendDown.get()) {
        throw boom;
      }
      return "v" + loader.loadCalls.get();
    });
  }

  private TenantCacheConfiguration.Builder<String, String> staleIfError() {
    return fixture.builder(String.class, String.class)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE))
        .statisticsEnabled(true)
        .resilience(LoadResilience.builder().staleIfError(MAX_STALENESS).build());
  }

  private Cache<String, String> readThroughCache() {
    return fixture.create(staleIfError().readThrough(() -> loader));
  }

  /** Loads k as "v1" for tenant t, then lets it expire. */
  private Cache<String, String> cacheWithExpiredEntry() {
    Cache<String, String> cache = readThroughCache();
    assertThat(as("t", () -> cache.get("k"))).isEqualTo("v1");
    fixture.ticker.advance(61, SECONDS);
    return cache;
  }

  @Test
  void expiredEntry_isInvisible_toContainsKeyIteratorAndSize() {
    Cache<String, String> cache = cacheWithExpiredEntry();

    assertThat(as("t", () -> cache.containsKey("k"))).isFalse();
    assertThat(as("t", () -> entries(cache))).isEmpty();
    assertThat(admin(cache).statistics("t").size()).isZero();
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void expiredEntry_withoutReadThrough_isInvisibleToGetAndGetAllAndWrites() {
    Cache<String, String> cache = fixture.create(staleIfError());
    Tenants.run("t", () -> {
      for (String key : Set.of("get", "replace", "putIfAbsent", "getAndPut", "remove", "invoke")) {
        cache.put(key, "old");
      }
    });
    fixture.ticker.advance(61, SECONDS);

    Tenants.run("t", () -> {
      assertThat(cache.get("get")).isNull();
      assertThat(cache.getAll(Set.of("get", "replace"))).isEmpty();
      assertThat(cache.replace("replace", "new")).isFalse();
      assertThat(cache.containsKey("replace")).isFalse();
      assertThat(cache.putIfAbsent("putIfAbsent", "new")).isTrue();
      assertThat(cache.getAndPut("getAndPut", "new")).isNull();
      assertThat(cache.remove("remove")).isFalse();
      assertThat(cache.<Boolean>invoke("invoke", (entry, args) -> entry.exists())).isFalse();
    });
  }

  @Test
  void get_reloadFails_withinMaxStaleness_returnsStaleValueAndCountsIt() {
    Cache<String, String> cache = cacheWithExpiredEntry();
    backendDown.set(true);

    assertThat(as("t", () -> cache.get("k"))).isEqualTo("v1");

    TenantStatistics statistics = admin(cache).statistics("t");
    assertThat(statistics.staleLoads()).isEqualTo(1);
    assertThat(statistics.loadFailures()).isEqualTo(1);
    assertThat(loader.loadCalls).hasValue(2);
    assertThat(as("t", () -> cache.containsKey("k"))).as("a stale answer is not stored").isFalse();
    assertThat(as("globex", () -> thrownBy(() -> cache.get("k"))))
        .as("another tenant's key is never served stale").isInstanceOf(CacheLoaderException.class);
  }

  @Test
  void get_reloadFails_beyondMaxStaleness_failureReachesCaller() {
    Cache<String, String> cache = cacheWithExpiredEntry();
    backendDown.set(true);
    fixture.ticker.advance(5, MINUTES);

    Throwable thrown = thrownBy(() -> as("t", () -> cache.get("k")));

    assertThat(thrown).isInstanceOf(CacheLoaderException.class);
    assertThat(thrown.getCause()).isSameAs(boom);
    assertThat(admin(cache).statistics("t").staleLoads()).isZero();
  }

  @Test
  void get_reloadSucceeds_storesTheNewValue() {
    Cache<String, String> cache = cacheWithExpiredEntry();

    assertThat(as("t", () -> cache.get("k"))).isEqualTo("v2");

    assertThat(as("t", () -> cache.containsKey("k"))).isTrue();
    assertThat(as("t", () -> cache.get("k"))).isEqualTo("v2");
    assertThat(loader.loadCalls).hasValue(2);
    assertThat(admin(cache).statistics("t").staleLoads()).isZero();
  }
}
