package io.tenantcache.micrometer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.tenantcache.LoadResilience;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.micrometer.TenantCacheMetrics;
import io.tenantcache.testing.ObservabilityFixture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.Test;
/**
 * The load meters: {@code cache.load{result}} with stale loads counted twice, and {@code
 * cache.load.duration} as a function timer, a timer with a histogram, or with service-level
 * buckets.
 */
final class LoadDurationMeterTest extends MeterTestSupport {
  @Test
  void staleLoads_areCountedAsStaleAndAsFailures() throws Exception {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry);
    AtomicBoolean down = new AtomicBoolean();
    CacheLoader<String, String> loader = new ObservabilityFixture.Loader() {
      @Override
      public String load(String key) {
        if (down.get()) {
          throw new IllegalStateException("backend down");
        }
        return super.load(key);
      }
    };
    Cache<String, String> cache = fixture.create("stale", fixture.builder()
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_MINUTE))
        .resilience(LoadResilience.builder().staleIfError(Duration.ofMinutes(5)).build())
        .readThrough(() -> loader));
    Tenants.run(ACME, () -> cache.get("k"));
    fixture.ticker.advance(61, SECONDS);
    down.set(true);

    assertThat(Tenants.call(ACME, () -> cache.get("k"))).isEqualTo("loaded-k");

    assertThat(counter("cache.load", "stale", "result", "success")).isEqualTo(1);
    assertThat(counter("cache.load", "stale", "result", "failure")).isEqualTo(1);
    assertThat(counter("cache.load", "stale", "result", "stale")).isEqualTo(1);
    assertThat(meter("cache.load.duration", "stale").functionTimer().count()).isEqualTo(2);
  }

  @Test
  void loadHistogram_makesTheLoadDurationATimer_countingEachLoad() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true",
        TenantCacheProperties.METRICS_LOAD_HISTOGRAM, "true");
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));

    Tenants.run(ACME, () -> {
      cache.get("a");
      cache.get("b");
      assertThatThrownBy(() -> cache.get("fail")).isInstanceOf(CacheLoaderException.class);
    });

    Timer timer = meter("cache.load.duration", "users", "tenant", ACME).timer();
    assertThat(timer).isNotNull();
    assertThat(timer.count()).isEqualTo(3);
    assertThat(meter("cache.load.duration", "users").functionTimers()).isEmpty();
  }

  @Test
  void loadSlo_property_publishesThoseServiceLevelBuckets_andCountsEachLoadInThem() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_LOAD_SLO, "1ms, 10ms, 100ms, 1s");
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));

    Tenants.run(ACME, () -> {
      cache.get("a");
      cache.get("b");
    });

    Timer timer = meter("cache.load.duration", "users").timer();
    assertThat(timer).isNotNull();
    assertThat(timer.count()).isEqualTo(2);
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    assertThat(buckets).extracting(bucket -> (long) bucket.bucket(TimeUnit.NANOSECONDS))
        .containsExactlyElementsOf(TenantCacheMetrics.DEFAULT_LOAD_SLO.stream()
            .map(Duration::toNanos).toList());
    assertThat(buckets[buckets.length - 1].count()).as("loads within 1 s").isEqualTo(2);
  }

  @Test
  void loadSlo_builder_publishesTheBuckets_andRejectsANonPositiveOne() {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));
    TenantCacheMetrics.builder(cache)
        .loadSlo(TenantCacheMetrics.DEFAULT_LOAD_SLO.toArray(new Duration[0]))
        .build().bindTo(registry);

    Tenants.run(ACME, () -> cache.get("a"));

    Timer timer = meter("cache.load.duration", "users").timer();
    assertThat(timer).isNotNull();
    assertThat(timer.takeSnapshot().histogramCounts()).hasSize(4);
    assertThatThrownBy(() -> TenantCacheMetrics.builder(cache).loadSlo(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }

  @Test
  void loadSlo_propertyThatIsNotAListOfDurations_failsTheManager_namingIt() {
    assertThatThrownBy(() -> fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_LOAD_SLO, "1ms, soon"))
        .hasStackTraceContaining(TenantCacheProperties.METRICS_LOAD_SLO)
        .hasStackTraceContaining("1ms, soon");
  }
}
