package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.thrownBy;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.LoadResilience;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fallback answers a load that failed (after every retry) when no stale value can be served:
 * its value goes to the callers, stored only when asked, counted as a fallback load; a fallback
 * that throws or answers nothing leaves the callers with the load's failure.
 */
final class LoadFallbackTest {
  private final ScriptedLoader loader = new ScriptedLoader();
  private final IllegalStateException boom = new IllegalStateException("backend down");
  /** What the fallback was called with: "tenant/key/failure message". */
  private final List<String> fallbackCalls = new CopyOnWriteArrayList<>();
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  @BeforeEach
  void setUp() {
    loader.onLoad(key -> {
      throw boom;
    });
  }

  private BiFunction<String, Throwable, String> recordingFallback(String value) {
    return (key, failure) -> {
      fallbackCalls.add(Tenants.current().orElse("none") + "/" + key + "/" + failure.getMessage());
      return value;
    };
  }

  private Cache<String, String> cache(LoadResilience resilience) {
    return fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader).statisticsEnabled(true).resilience(resilience));
  }

  @Test
  void failedLoad_isAnsweredByTheFallback_withTheTenantBound_andNotStored() {
    Cache<String, String> cache = cache(LoadResilience.builder()
        .fallback(recordingFallback("fallback-value")).build());

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("fallback-value");

    assertThat(fallbackCalls).containsExactly("acme/k/backend down");
    assertThat(as("acme", () -> cache.containsKey("k"))).as("not stored").isFalse();
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("fallback-value");
    assertThat(loader.loadCalls).as("the next read tries the backend again").hasValue(2);
    TenantStatistics acme = admin(cache).statistics("acme");
    assertThat(acme.fallbackLoads()).isEqualTo(2);
    assertThat(acme.loadFailures()).isEqualTo(2);
    assertThat(acme.loads()).isZero();
  }

  @Test
  void storeFallback_storesTheValue_likeALoadedOne() {
    Cache<String, String> cache = cache(LoadResilience.builder()
        .fallback(recordingFallback("fallback-value")).storeFallback(true).build());

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("fallback-value");

    assertThat(as("acme", () -> cache.containsKey("k"))).isTrue();
    assertThat(as("globex", () -> cache.containsKey("k"))).as("only acme's entry").isFalse();
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("fallback-value");
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void getAll_answersEachFailedKey_fromTheFallback() {
    Cache<String, String> cache = cache(LoadResilience.builder()
        .fallback(recordingFallback("fallback-value")).build());

    Map<String, String> values = as("acme", () -> cache.getAll(Set.of("a", "b")));

    assertThat(values).containsOnlyKeys("a", "b").containsValues("fallback-value");
    assertThat(fallbackCalls).containsExactlyInAnyOrder("acme/a/backend down",
        "acme/b/backend down");
  }

  @Test
  void aStaleValue_winsOverTheFallback() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader).statisticsEnabled(true)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE))
        .resilience(LoadResilience.builder().staleIfError(java.time.Duration.ofMinutes(5))
            .fallback(recordingFallback("fallback-value")).build()));
    Tenants.run("acme", () -> cache.put("k", "old"));
    fixture.ticker.advance(61, SECONDS);

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("old");
    assertThat(fallbackCalls).isEmpty();
    assertThat(admin(cache).statistics("acme").staleLoads()).isEqualTo(1);
  }

  @Test
  void aFallbackThatThrows_leavesTheCallerWithTheLoadFailure_andItsOwnSuppressed() {
    IllegalArgumentException fallbackFailure = new IllegalArgumentException("fallback broke");
    Cache<String, String> cache = cache(LoadResilience.builder()
        .fallback((String key, Throwable failure) -> {
          throw fallbackFailure;
        }).build());

    Throwable thrown = thrownBy(() -> as("acme", () -> cache.get("k")));

    assertThat(thrown).isInstanceOf(CacheLoaderException.class).hasCause(boom);
    assertThat(boom.getSuppressed()).containsExactly(fallbackFailure);
    assertThat(admin(cache).statistics("acme").fallbackLoads()).isZero();
  }

  @Test
  void aFallbackThatAnswersNothing_leavesTheCallerWithTheLoadFailure() {
    Cache<String, String> cache = cache(LoadResilience.builder()
        .fallback(recordingFallback(null)).build());

    Throwable thrown = thrownBy(() -> as("acme", () -> cache.get("k")));

    assertThat(thrown).isInstanceOf(CacheLoaderException.class).hasCause(boom);
    assertThat(fallbackCalls).hasSize(1);
  }

  @Test
  void aFallbackValueOfTheWrongType_isRefused_andTheCallerGetsTheLoadFailure() {
    Cache<String, Integer> cache = fixture.create(fixture.builder(String.class, Integer.class)
        .readThrough(() -> new ScriptedLoaderOfIntegers(boom))
        .resilience(LoadResilience.builder()
            .fallback((Object key, Throwable failure) -> "not an integer").build()));

    Throwable thrown = thrownBy(() -> as("acme", () -> cache.get("k")));

    assertThat(thrown).isInstanceOf(CacheLoaderException.class).hasCause(boom);
    assertThat(boom.getSuppressed()).singleElement().isInstanceOf(ClassCastException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("java.lang.Integer"));
  }

  @Test
  void loadResilience_saysWhetherTheFallbackIsStored() {
    LoadResilience resilience = LoadResilience.builder().fallback(recordingFallback("v")).build();

    assertThat(resilience.isEnabled()).isTrue();
    assertThat(resilience.isFallbackStored()).isFalse();
    assertThat(resilience.fallback()).isNotNull();
    assertThat(resilience.toString()).contains("fallback=not stored");
    assertThat(Optional.ofNullable(LoadResilience.NONE.fallback())).isEmpty();
  }

  /** A loader of integers that always fails. */
  private record ScriptedLoaderOfIntegers(RuntimeException failure)
      implements javax.cache.integration.CacheLoader<String, Integer> {
    @Override
    public Integer load(String key) {
      throw failure;
    }

    @Override
    public Map<String, Integer> loadAll(Iterable<? extends String> keys) {
      throw failure;
    }
  }
}
