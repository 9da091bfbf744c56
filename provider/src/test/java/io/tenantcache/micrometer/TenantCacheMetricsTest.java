package io.tenantcache.micrometer;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.ObservabilityFixture.SECRET_KEY;
import static io.tenantcache.testing.ObservabilityFixture.SECRET_VALUE;
import static io.tenantcache.testing.ObservabilityFixture.platform;
import static io.tenantcache.testing.ObservabilityFixture.properties;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatistics;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.Tenants;
import io.tenantcache.micrometer.TenantCacheMetrics;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.testing.Closer;
import io.tenantcache.testing.ObservabilityFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@link TenantCacheMetrics} and the cache manager's metrics properties, read back through a
 * {@link SimpleMeterRegistry}: the meters agree with {@code TenantCache.statistics(tenant)} and
 * the standard MXBean, count nothing twice, follow tenants that appear later, respect the cap, and
 * go away with their cache.
 */
final class TenantCacheMetricsTest {
  private static final String ACME = "acme";
  private static final String GLOBEX = "globex";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  @AutoClose private final Closer closer = new Closer();
  private ObservabilityFixture fixture;

  private ObservabilityFixture fixture(Object... keyValues) {
    fixture = closer.open(new ObservabilityFixture(properties(keyValues)));
    return fixture;
  }

  private Search meter(String name, String cache, String... tags) {
    return registry.find(name).tags("cache", cache, "cache.manager", fixture.uri.toString())
        .tags(tags);
  }

  private double counter(String name, String cache, String... tags) {
    FunctionCounter counter = meter(name, cache, tags).functionCounter();
    assertThat(counter).as("%s %s %s", name, cache, List.of(tags)).isNotNull();
    return counter.count();
  }

  private double size(String cache, String... tags) {
    Gauge gauge = meter("cache.size", cache, tags).gauge();
    assertThat(gauge).as("cache.size %s %s", cache, List.of(tags)).isNotNull();
    return gauge.value();
  }

  /** acme: 2 puts, 3 hits, 1 miss, 1 removal; globex: 1 put, 1 hit. */
  private static void someTraffic(Cache<String, String> cache) {
    Tenants.run(ACME, () -> {
      cache.put("a", "1");
      cache.put("b", "2");
      cache.get("a");
      cache.get("a");
      cache.get("b");
      cache.get("missing");
      cache.remove("b");
    });
    Tenants.run(GLOBEX, () -> {
      cache.put("a", "1");
      cache.get("a");
    });
  }

  // --- the manager's properties ----------------------------------------------------------------

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

  @Test
  void enabledProperty_bindsToTheGlobalRegistry() {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(global);
    try {
      fixture(TenantCacheProperties.METRICS_ENABLED, "true");
      Cache<String, String> cache = fixture.create("users", fixture.builder());
      someTraffic(cache);

      FunctionCounter hits = global.find("cache.gets")
          .tags("cache", "users", "cache.manager", fixture.uri.toString(), "result", "hit")
          .functionCounter();
      assertThat(hits).isNotNull();
      assertThat(hits.count()).isEqualTo(4);
      assertThat(registry.getMeters()).isEmpty();

      fixture.manager.close();
      assertThat(Metrics.globalRegistry.find("cache.gets")
          .tag("cache.manager", fixture.uri.toString()).meters()).isEmpty();
    } finally {
      Metrics.globalRegistry.remove(global);
    }
  }

  @Test
  void noMetricsProperty_orEnabledFalse_bindsNothing() {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(global);
    try (ObservabilityFixture plain = new ObservabilityFixture(properties());
        ObservabilityFixture off = new ObservabilityFixture(properties(
            TenantCacheProperties.METRICS_REGISTRY, registry,
            TenantCacheProperties.METRICS_ENABLED, "false"))) {
      someTraffic(plain.create("users", plain.builder()));
      someTraffic(off.create("users", off.builder()));

      assertThat(registry.getMeters()).isEmpty();
      assertThat(global.find("cache.gets").tag("cache.manager", plain.uri.toString()).meters())
          .isEmpty();
    } finally {
      Metrics.globalRegistry.remove(global);
    }
  }

  @Test
  void invalidProperties_areRejected_namingThePropertyAndTheValue() {
    TenantCachingProvider provider = new TenantCachingProvider();
    try {
      Map<Object[], String> cases = Map.of(
          new Object[] {TenantCacheProperties.METRICS_REGISTRY, "prometheus"},
          "tenantcache.metrics.registry is a java.lang.String",
          new Object[] {TenantCacheProperties.METRICS_TENANT_CAP, "-1"},
          "tenantcache.metrics.tenant-cap is -1",
          new Object[] {TenantCacheProperties.METRICS_TENANT_TAG, "yes"},
          "tenantcache.metrics.tenant-tag is 'yes'",
          new Object[] {TenantCacheProperties.MANAGEMENT_TENANT_TABLE_SIZE, "0"},
          "tenantcache.management.tenant-table-size is 0",
          new Object[] {TenantCacheProperties.MANAGEMENT_TENANT_TABLE_SIZE, "many"},
          "tenantcache.management.tenant-table-size is 'many'");
      cases.forEach((property, message) -> assertThatThrownBy(() -> provider.getCacheManager(
              java.net.URI.create("urn:tenantcache:invalid-" + property[0]),
              getClass().getClassLoader(), properties(property)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(message));
    } finally {
      provider.close();
    }
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

  private double sum(String name, String... tags) {
    return registry.find(name).tags(tags).functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum();
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

  // --- lifecycle ---------------------------------------------------------------------------------

  @Test
  void closingACache_removesItsMeters_andACacheCreatedAgainStartsFromZero() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true");
    someTraffic(fixture.create("users", fixture.builder()));
    Cache<String, String> other = fixture.create("other", fixture.builder());
    Tenants.run(ACME, () -> other.get("x"));
    assertThat(meter("cache.gets", "users").meters()).isNotEmpty();

    fixture.manager.destroyCache("users");

    assertThat(registry.find("cache.gets").tag("cache", "users").meters()).isEmpty();
    assertThat(registry.find("cache.size").tag("cache", "users").meters()).isEmpty();
    assertThat(counter("cache.gets", "other", "result", "miss", "tenant", ACME)).isEqualTo(1);

    Cache<String, String> again = fixture.create("users", fixture.builder());
    Tenants.run(ACME, () -> again.get("x"));
    assertThat(counter("cache.gets", "users", "result", "hit", "tenant", ACME)).isZero();
    assertThat(counter("cache.gets", "users", "result", "miss", "tenant", ACME)).isEqualTo(1);
  }

  @Test
  void closingTheManager_removesEveryMeter_andAManagerReopenedUnderTheSameUriCountsAfresh() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry);
    someTraffic(fixture.create("users", fixture.builder()));
    assertThat(counter("cache.gets", "users", "result", "hit")).isEqualTo(4);

    fixture.manager.close();
    assertThat(registry.getMeters()).isEmpty();

    fixture.open();
    Cache<String, String> reopened = fixture.create("users", fixture.builder());
    Tenants.run(ACME, () -> {
      reopened.put("a", "1");
      reopened.get("a");
    });
    assertThat(counter("cache.gets", "users", "result", "hit")).isEqualTo(1);
  }

  @Test
  void resilience4jMeters_areBoundToTheSameRegistry_andRemovedWithTheManager() {
    fixture(TenantCacheProperties.METRICS_REGISTRY, registry);
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new)
        .resilience(LoadResilience.builder()
            .retry(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(1)).build())
            .circuitBreaker(CircuitBreakerConfig.ofDefaults(), ResilienceScope.TENANT)
            .build()));

    Tenants.run(ACME, () -> cache.get("a"));
    Tenants.run(GLOBEX, () -> assertThatThrownBy(() -> cache.get("fail"))
        .isInstanceOf(CacheLoaderException.class));

    assertThat(registry.find("resilience4j.circuitbreaker.state").tag("name", "users/acme")
        .meters()).isNotEmpty();
    assertThat(registry.find("resilience4j.circuitbreaker.calls").tag("name", "users/globex")
        .meters()).isNotEmpty();
    FunctionCounter failedWithRetry = registry.find("resilience4j.retry.calls")
        .tags("name", "users", "kind", "failed_with_retry").functionCounter();
    assertThat(failedWithRetry).isNotNull();
    assertThat(failedWithRetry.count()).isEqualTo(1);

    fixture.manager.close();
    assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
        .noneMatch(name -> name.startsWith("resilience4j.") || name.startsWith("cache."));
  }

  // --- the binder on its own ---------------------------------------------------------------------

  @Test
  void binder_onACacheOfAManagerWithoutMetrics_addsItsTags_andCloseRemovesItsMeters() {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    TenantCacheMetrics metrics = TenantCacheMetrics.builder(cache)
        .tags("app", "shop")
        .tenantTag(true)
        .build();
    Tenants.run(ACME, () -> cache.put("early", "v"));

    metrics.bindTo(registry);
    someTraffic(cache);

    assertThat(counter("cache.puts", "users", "app", "shop", "tenant", ACME)).isEqualTo(3);
    assertThat(counter("cache.puts", "users", "app", "shop", "tenant", GLOBEX)).isEqualTo(1);
    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
    Tenants.run("another", () -> cache.get("x"));
    assertThat(registry.getMeters()).as("no meters after close, even for new tenants").isEmpty();
  }

  @Test
  void binder_rejectsACacheOfAnotherProvider() {
    Cache<?, ?> foreign = (Cache<?, ?>) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) ->
            switch (method.getName()) {
              case "getName" -> "foreign";
              case "getCacheManager" -> null;
              default -> throw new UnsupportedOperationException(method.getName());
            });

    assertThatThrownBy(() -> TenantCacheMetrics.builder(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a TenantCache cache");
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

  // --- never keys or values ---------------------------------------------------------------------

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
