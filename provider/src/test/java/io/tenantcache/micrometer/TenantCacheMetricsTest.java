package io.tenantcache.micrometer;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.ObservabilityFixture.SECRET_KEY;
import static io.tenantcache.testing.ObservabilityFixture.SECRET_VALUE;
import static io.tenantcache.testing.ObservabilityFixture.platform;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatistics;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.Tenants;
import io.tenantcache.micrometer.TenantCacheMetrics;
import io.tenantcache.testing.ObservabilityFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
/**
 * {@link TenantCacheMetrics} counts, read back through a {@link SimpleMeterRegistry}: the meters
 * agree with {@code TenantCache.statistics(tenant)} and the standard MXBean, count nothing twice,
 * follow tenants that appear later, respect the cap, and show no keys or values.
 */
final class TenantCacheMetricsTest extends MeterTestSupport {
  @Test
  void registryProperty_bindsEveryCache_toTheCacheTotals_asTheStandardMXBeanShowsThem()
      throws Exception {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry);
    Cache<String, String> cache = fixture.create("users", fixture.builder());

    someTraffic(cache);

    assertThat(counter("cache.gets", "users", "result", "hit")).isEqualTo(4);
    assertThat(counter("cache.gets", "users", "result", "miss")).isEqualTo(1);
    assertThat(counter("cache.puts", "users")).isEqualTo(3);
    assertThat(counter("cache.removals", "users")).isEqualTo(1);
    assertThat(counter("cache.evictions", "users")).isZero();
    assertThat(size("users")).isEqualTo(2);
    for (String[] pair : new String[][] {{"CacheHits", "hit"}, {"CacheMisses", "miss"}}) {
      Object mxbean = platform().getAttribute(fixture.statisticsName("users"), pair[0]);
      assertThat(counter("cache.gets", "users", "result", pair[1]))
          .isEqualTo(((Long) mxbean).doubleValue());
    }
    assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getTag("tenant") != null);
  }

  @Test
  void tenantTag_eachTenantsMetersMatchItsStatistics_andAddUpToTheCacheTotals() throws Exception {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true");
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));

    someTraffic(cache);
    Tenants.run(GLOBEX, () -> {
      cache.get("loaded");
      assertThatThrownBy(() -> cache.get("fail-1")).isInstanceOf(CacheLoaderException.class);
    });

    double hits = 0;
    double misses = 0;
    double puts = 0;
    for (String tenant : List.of(ACME, GLOBEX)) {
      TenantStatistics statistics = admin(cache).statistics(tenant);
      String[] tenantTag = {"tenant", tenant};
      assertThat(counter("cache.gets", "users", "result", "hit", "tenant", tenant))
          .as(tenant).isEqualTo(statistics.hits());
      assertThat(counter("cache.gets", "users", "result", "miss", "tenant", tenant))
          .as(tenant).isEqualTo(statistics.misses());
      assertThat(counter("cache.puts", "users", tenantTag)).as(tenant).isEqualTo(statistics.puts());
      assertThat(counter("cache.removals", "users", tenantTag)).as(tenant)
          .isEqualTo(statistics.removals());
      assertThat(counter("cache.evictions", "users", tenantTag)).as(tenant)
          .isEqualTo(statistics.evictions());
      assertThat(counter("cache.load", "users", "result", "success", "tenant", tenant))
          .as(tenant).isEqualTo(statistics.loads());
      assertThat(counter("cache.load", "users", "result", "failure", "tenant", tenant))
          .as(tenant).isEqualTo(statistics.loadFailures());
      assertThat(size("users", tenantTag)).as(tenant).isEqualTo(statistics.size());
      hits += statistics.hits();
      misses += statistics.misses();
      puts += statistics.puts();
    }
    assertThat(admin(cache).statistics(GLOBEX).loads()).isEqualTo(1);
    assertThat(admin(cache).statistics(GLOBEX).loadFailures()).isEqualTo(1);
    FunctionTimer loadTime = meter("cache.load.duration", "users", "tenant", GLOBEX)
        .functionTimer();
    assertThat(loadTime.count()).isEqualTo(2);
    assertThat(loadTime.totalTime(SECONDS)).isPositive();

    // no double counting: the tenants' meters add up to the standard MXBean's totals
    assertThat(hits).isEqualTo(4).isEqualTo(
        ((Long) platform().getAttribute(fixture.statisticsName("users"), "CacheHits")).doubleValue());
    assertThat(misses).isEqualTo(
        ((Long) platform().getAttribute(fixture.statisticsName("users"), "CacheMisses")).doubleValue());
    assertThat(puts).isEqualTo(
        ((Long) platform().getAttribute(fixture.statisticsName("users"), "CachePuts")).doubleValue());
    assertThat(registry.find("cache.gets").tag("result", "hit").functionCounters())
        .as("one hit counter per tenant, none for the total").hasSize(2);
  }

  @Test
  void tenantTag_aTenantThatShowsUpAfterBinding_getsMetersAtItsFirstCountedCall() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, true);
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    someTraffic(cache);
    assertThat(meter("cache.gets", "users", "tenant", "latecomer").meters()).isEmpty();

    Tenants.run("latecomer", () -> cache.get("x"));
    Tenants.run("latecomer", () -> cache.get("y"));

    assertThat(counter("cache.gets", "users", "result", "miss", "tenant", "latecomer")).isEqualTo(2);
    assertThat(counter("cache.gets", "users", "result", "hit", "tenant", "latecomer")).isZero();
    assertThat(counter("cache.gets", "users", "result", "hit", "tenant", ACME)).isEqualTo(3);
  }

  @Test
  void tenantCap_laterTenantsShareTheOverflowTag_andTheOverflowGaugeCountsThem() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true", TenantCacheProperties.METRICS_TENANT_CAP, "2");
    Cache<String, String> cache = fixture.create("users", fixture.builder());

    for (String tenant : List.of("t1", "t2", "t3", "t4", TenantCacheMetrics.OVERFLOW_TENANT)) {
      Tenants.run(tenant, () -> {
        cache.put("k", "v");
        cache.get("k");
      });
    }
    Tenants.run("t5", () -> cache.get("k"));

    Set<String> tagged = registry.find("cache.gets").meters().stream()
        .map(meter -> meter.getId().getTag("tenant")).collect(Collectors.toSet());
    assertThat(tagged).containsExactlyInAnyOrder("t1", "t2", TenantCacheMetrics.OVERFLOW_TENANT);
    String[] other = {"tenant", TenantCacheMetrics.OVERFLOW_TENANT};
    assertThat(counter("cache.gets", "users", "result", "hit", other[0], other[1])).isEqualTo(3);
    assertThat(counter("cache.gets", "users", "result", "miss", other[0], other[1])).isEqualTo(1);
    assertThat(counter("cache.puts", "users", other)).isEqualTo(3);
    assertThat(size("users", other)).isEqualTo(3);
    assertThat(counter("cache.gets", "users", "result", "hit", "tenant", "t1")).isEqualTo(1);
    assertThat(meter("cache.tenants.overflow", "users").gauge().value())
        .as("t3, t4, 'other' and t5").isEqualTo(4);
  }

  @Test
  void evictions_areCountedForTheTenantsThatLostEntries() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true");
    Cache<String, String> cache = fixture.create("bounded", fixture.builder().maximumSize(20));

    Tenants.run(ACME, () -> {
      for (int i = 0; i < 100; i++) {
        cache.put("k" + i, "v");
      }
    });

    TenantStatistics acme = admin(cache).statistics(ACME);
    assertThat(acme.evictions()).isPositive();
    assertThat(counter("cache.evictions", "bounded", "tenant", ACME)).isEqualTo(acme.evictions());
    assertThat(size("bounded", "tenant", ACME)).isEqualTo(acme.size()).isEqualTo(100 - acme.evictions());
  }

  @Test
  void concurrentTrafficOfManyTenants_tenantMetersAddUpToTheTotalsExactly() throws Exception {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true", TenantCacheProperties.METRICS_TENANT_CAP, "10");
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    int threads = 4;
    int callsPerThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < callsPerThread; i++) {
            int call = i + offset;
            Tenants.run("tenant-" + (call % 40), () -> {
              if (call % 3 == 0) {
                cache.put("k" + (call % 7), "v");
              } else {
                cache.get("k" + (call % 7));
              }
            });
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(60, SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    ObjectName standard = fixture.statisticsName("users");
    assertThat(sum("cache.gets", "result", "hit") + sum("cache.gets", "result", "miss"))
        .isEqualTo(((Long) platform().getAttribute(standard, "CacheGets")).doubleValue());
    assertThat(sum("cache.gets", "result", "hit"))
        .isEqualTo(((Long) platform().getAttribute(standard, "CacheHits")).doubleValue());
    assertThat(sum("cache.puts"))
        .isEqualTo(((Long) platform().getAttribute(standard, "CachePuts")).doubleValue());
    assertThat(sum("cache.gets", "result", "hit") + sum("cache.gets", "result", "miss")
        + sum("cache.puts")).isEqualTo(threads * callsPerThread);
    assertThat(registry.find("cache.puts").meters()).as("10 tenants and 'other'").hasSize(11);
    assertThat(meter("cache.tenants.overflow", "users").gauge().value()).isEqualTo(30);
  }


  @Test
  void statisticsOff_countersStayAtZero_theSizeIsExact_andTheyCountOnceTurnedOn() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry);
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .statisticsEnabled(false));

    someTraffic(cache);
    assertThat(counter("cache.gets", "users", "result", "hit")).isZero();
    assertThat(counter("cache.puts", "users")).isZero();
    assertThat(size("users")).isEqualTo(2);

    fixture.manager.enableStatistics("users", true);
    Tenants.run(ACME, () -> cache.get("a"));
    assertThat(counter("cache.gets", "users", "result", "hit")).isEqualTo(1);
  }

  @Test
  void resettingATenantsStatistics_resetsItsMeters_andTheyFollowItsNextCalls() throws Exception {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true");
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    someTraffic(cache);

    JMX.newMBeanProxy(platform(), fixture.tenantStatisticsName("users"),
        TenantStatisticsMXBean.class).resetTenantStatistics(ACME);
    assertThat(counter("cache.gets", "users", "result", "hit", "tenant", ACME)).isZero();
    Tenants.run(ACME, () -> cache.get("a"));
    assertThat(counter("cache.gets", "users", "result", "hit", "tenant", ACME)).isEqualTo(1);
    assertThat(counter("cache.gets", "users", "result", "hit", "tenant", GLOBEX)).isEqualTo(1);
  }

  @Test
  void meters_neverShowKeysOrValues() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true");
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));
    Tenants.run(ACME, () -> {
      cache.put(SECRET_KEY, SECRET_VALUE);
      cache.get(SECRET_KEY);
      cache.get(SECRET_VALUE);
      cache.remove(SECRET_KEY);
    });

    Map<String, String> everything = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      everything.put(meter.getId().toString(), meter.getId().getDescription() + " "
          + Tags.of(meter.getId().getTags()) + " " + meter.measure());
    }
    assertThat(everything).isNotEmpty();
    assertThat(everything.toString()).doesNotContain(SECRET_KEY).doesNotContain(SECRET_VALUE)
        .doesNotContain("secret");
  }
}
