package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.LoadResilience;
import io.tenantcache.TenantCacheConfiguration;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.ExpiryPolicy;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The cache, management and cluster settings as {@code tenantcache.*} properties: they declare
 * the caches with their settings, reach the JCache manager, and a bad value fails start-up naming
 * the property. Precedence over a {@code tenantcache.conf}: {@link TenantCacheConfFileTest}.
 */
final class TenantCacheSettingsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TenantCacheSettingsAutoConfiguration.class,
          TenantCacheAutoConfiguration.class));

  @Test
  void cacheProperties_declareTheCache_withEverySettingInForce() {
    runner.withPropertyValues(
        "tenantcache.caches.settings-quotes.maximum-size=3",
        "tenantcache.caches.settings-quotes.statistics=true",
        "tenantcache.caches.settings-quotes.store-by-value=false",
        "tenantcache.caches.settings-quotes.expiry.created=10m",
        "tenantcache.caches.settings-quotes.expiry.accessed=eternal",
        "tenantcache.caches.settings-quotes.key-type=java.lang.String",
        "tenantcache.caches.settings-quotes.resilience.timeout=750ms",
        "tenantcache.caches.settings-quotes.resilience.retry.max-attempts=4",
        "tenantcache.caches.settings-quotes.resilience.circuit-breaker.scope=cache")
        .run(context -> {
          TenantCacheConfiguration<?, ?> quotes = configuration(context, "settings-quotes");
          assertThat(quotes.getMaximumSize()).isEqualTo(3);
          assertThat(quotes.isStatisticsEnabled()).isTrue();
          assertThat(quotes.isStoreByValue()).isFalse();
          assertThat(quotes.getKeyType()).isEqualTo(String.class);
          ExpiryPolicy expiry = quotes.getExpiryPolicyFactory().create();
          assertThat(expiry.getExpiryForCreation())
              .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10));
          assertThat(expiry.getExpiryForAccess()).isEqualTo(javax.cache.expiry.Duration.ETERNAL);
          LoadResilience resilience = quotes.getResilience();
          assertThat(resilience.timeLimiter()).isNotNull();
          assertThat(resilience.timeLimiter().getTimeoutDuration())
              .isEqualTo(Duration.ofMillis(750));
          assertThat(resilience.retry()).isNotNull();
          assertThat(resilience.retry().getMaxAttempts()).isEqualTo(4);
          assertThat(resilience.circuitBreaker()).isNotNull();
          assertThat(resilience.bulkhead()).isNull(); // not mentioned: off, as in the file
        });
  }

  @Test
  void maximumSize_fromProperties_boundsTheCache() {
    runner.withPropertyValues("tenantcache.caches.settings-bounded.maximum-size=3",
        "tenantcache.caches.settings-bounded.store-by-value=false").run(context -> {
          Cache<Object, Object> cache =
              context.getBean(CacheManager.class).getCache("settings-bounded");
          for (int i = 0; i < 50; i++) {
            cache.put("key-" + i, i);
          }
          // Caffeine evicts in its maintenance, which runs shortly after the writes.
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
              assertThat(StreamSupport.stream(cache.spliterator(), false).count())
                  .isLessThanOrEqualTo(3));
        });
  }

  @Test
  void statistics_onForOneCacheOnly_registersItsStatisticsMXBeanOnly() {
    runner.withPropertyValues("tenantcache.caches.settings-counted.statistics=true",
        "tenantcache.caches.settings-uncounted.maximum-size=10").run(context -> {
          CacheManager manager = context.getBean(CacheManager.class);
          Cache<Object, Object> counted = manager.getCache("settings-counted");
          counted.put("k", "v");
          counted.get("k");
          counted.get("missing");
          MBeanServer server = ManagementFactory.getPlatformMBeanServer();
          ObjectName countedName = statisticsName(server, manager, "settings-counted");
          assertThat(server.getAttribute(countedName, "CacheHits")).isEqualTo(1L);
          assertThat(server.getAttribute(countedName, "CacheMisses")).isEqualTo(1L);
          assertThat(server.queryNames(pattern(manager, "settings-uncounted"), null)).isEmpty();
        });
  }

  @Test
  void defaultProperties_applyToEveryDeclaredCache_andACacheOverridesThem() {
    runner.withPropertyValues("tenantcache.default.maximum-size=100",
        "tenantcache.default.management=true",
        "tenantcache.caches.settings-a.maximum-size=5",
        "tenantcache.caches.[com.example.Book].statistics=true").run(context -> {
          assertThat(configuration(context, "settings-a").getMaximumSize()).isEqualTo(5);
          assertThat(configuration(context, "settings-a").isManagementEnabled()).isTrue();
          TenantCacheConfiguration<?, ?> book = configuration(context, "com.example.Book");
          assertThat(book.getMaximumSize()).isEqualTo(100);
          assertThat(book.isStatisticsEnabled()).isTrue();
        });
  }

  @Test
  void noCacheProperty_passesNoConfiguration() {
    runner.run(context -> assertThat(context.getBean(CacheManager.class).getCacheNames())
        .isEmpty());
  }

  @Test
  void outOfRangeValue_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.caches.settings-quotes.maximum-size=-1")
        .run(context -> assertFailsNaming(context,
            "tenantcache.caches.settings-quotes.maximum-size = -1"));
  }

  @Test
  void badExpiryInTheDefaults_failsStartUp_namingTheProperty() {
    // As in the file, the defaults are read for the caches that are declared.
    runner.withPropertyValues("tenantcache.default.expiry.created=soon",
        "tenantcache.caches.settings-quotes.statistics=true")
        .run(context -> assertFailsNaming(context, "tenantcache.default.expiry.created"));
  }

  @Test
  void valueOfTheWrongType_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.caches.settings-quotes.maximum-size=lots")
        .run(context -> assertFailsNaming(context,
            "tenantcache.caches.settings-quotes.maximum-size"));
  }

  @Test
  void misspelledKey_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.caches.settings-quotes.maximum-sise=3")
        .run(context -> assertFailsNaming(context,
            "tenantcache.caches.settings-quotes.maximum-sise"));
    runner.withPropertyValues("tenantcache.default.resilience.retry.max-attempt=3")
        .run(context -> assertFailsNaming(context,
            "tenantcache.default.resilience.retry.max-attempt"));
  }

  @Test
  void loaderThatIsNoCacheLoader_failsStartUp_namingTheProperty() {
    runner.withPropertyValues(
        "tenantcache.caches.settings-quotes.read-through.loader=java.lang.String")
        .run(context -> assertFailsNaming(context,
            "tenantcache.caches.settings-quotes.read-through.loader"));
  }

  @Test
  void badClusterAndManagementValues_failStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.cluster.lease-wait=0s")
        .run(context -> assertFailsNaming(context, "tenantcache.cluster.lease-wait"));
    runner.withPropertyValues("tenantcache.management.tenant-table-size=0")
        .run(context -> assertFailsNaming(context, "tenantcache.management.tenant-table-size"));
  }

  @Test
  void resolverClass_thatIsNoTenantResolver_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.tenancy.resolver=java.lang.String")
        .run(context -> assertFailsNaming(context, "tenantcache.tenancy.resolver"));
  }

  @SuppressWarnings("unchecked") // getConfiguration(Class) of a Cache<?, ?>
  static TenantCacheConfiguration<?, ?> configuration(AssertableApplicationContext context,
      String cache) {
    Cache<?, ?> jcache = context.getBean(CacheManager.class).getCache(cache);
    assertThat(jcache).as("cache %s", cache).isNotNull();
    return jcache.getConfiguration(TenantCacheConfiguration.class);
  }

  static void assertFailsNaming(AssertableApplicationContext context, String property) {
    assertThat(context).hasFailed();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString()).contains(property);
  }

  private static ObjectName statisticsName(MBeanServer server, CacheManager manager,
      String cache) throws Exception {
    Set<ObjectName> names = server.queryNames(pattern(manager, cache), null);
    assertThat(names).hasSize(1);
    return names.iterator().next();
  }

  private static ObjectName pattern(CacheManager manager, String cache) throws Exception {
    String uri = manager.getURI().toString().replaceAll("[,:=\n]", ".");
    return new ObjectName("javax.cache:type=CacheStatistics,CacheManager=" + uri + ",Cache="
        + cache + ",*");
  }
}
