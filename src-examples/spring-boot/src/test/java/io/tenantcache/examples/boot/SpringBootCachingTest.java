package io.tenantcache.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import java.util.List;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint.MetricDescriptor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The Spring Boot example, started by Spring Boot: its cache manager comes from Boot's JCache
 * auto-configuration, with the caches that tenantcache.conf declares, and Actuator publishes their
 * metrics (Micrometer's JCacheMetrics, over all tenants).
 */
@SpringBootTest(properties = "spring.main.banner-mode=off")
@DirtiesContext // closes the JCache manager: another context may open one on the same file
final class SpringBootCachingTest {
  @Autowired
  private CacheManager cacheManager;
  @Autowired
  private javax.cache.CacheManager jcacheManager;
  @Autowired
  private QuoteService quotes;
  @Autowired
  private MeterRegistry registry;
  @Autowired
  private MetricsEndpoint metricsEndpoint;

  /** Runs {@code call} with {@code tenant} in the MDC, as a request filter would. */
  private static <T> T as(String tenant, Supplier<T> call) {
    MDC.put(MdcTenantResolver.MDC_KEY, tenant);
    try {
      return call.get();
    } finally {
      MDC.remove(MdcTenantResolver.MDC_KEY);
    }
  }

  @Test
  void autoConfiguration_usesTenantCache_withTheCachesDeclaredInTheConf() {
    assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
    assertThat(jcacheManager).isInstanceOf(TenantCacheManager.class);
    assertThat(jcacheManager.getURI().toString()).startsWith("file:").endsWith("tenantcache.conf");
    assertThat(cacheManager.getCacheNames()).containsExactlyInAnyOrder("quotes", "exchange-rates");

    javax.cache.Cache<String, Object> quotesCache = jcacheManager.getCache("quotes");
    @SuppressWarnings("unchecked")
    TenantCacheConfiguration<String, Object> quotesConfiguration =
        quotesCache.getConfiguration(TenantCacheConfiguration.class);
    assertThat(quotesConfiguration.getKeyType()).isEqualTo(String.class);
    assertThat(quotesConfiguration.getMaximumSize()).isEqualTo(10_000);
    assertThat(quotesConfiguration.getTenantQuota()).isEqualTo(2_500);
    assertThat(quotesConfiguration.isStatisticsEnabled()).isTrue();
  }

  @Test
  void cacheable_cachesPerTenant_withTheTenantFromTheResolverBean() {
    Quote acme = as("acme", () -> quotes.quote("ACME"));
    Quote acmeAgain = as("acme", () -> quotes.quote("ACME"));
    Quote globex = as("globex", () -> quotes.quote("ACME"));

    assertThat(acmeAgain).isEqualTo(acme);
    assertThat(globex.tenant()).isEqualTo("globex");
    assertThat(quotes.backendCalls("acme")).isEqualTo(1);
    assertThat(quotes.backendCalls("globex")).isEqualTo(1);
    assertThat(admin().forTenant("acme").get("ACME")).isEqualTo(acme);

    as("acme", () -> {
      quotes.refresh("ACME");
      return null;
    });
    assertThat(admin().forTenant("acme").containsKey("ACME")).isFalse();
    assertThat(admin().forTenant("globex").containsKey("ACME")).isTrue();
  }

  @Test
  void callWithoutATenant_isRejected_asTheConfSays() {
    assertThatThrownBy(() -> quotes.quote("NOBODY"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tenant");
  }

  @Test
  void actuator_publishesMicrometersCacheMetrics_forTheDeclaredCaches() {
    double hitsBefore = cacheGets("quotes", "hit");
    double missesBefore = cacheGets("quotes", "miss");

    as("initech", () -> quotes.quote("INTC"));
    as("initech", () -> quotes.quote("INTC"));
    as("initech", () -> quotes.quote("INTC"));

    assertThat(cacheGets("quotes", "miss") - missesBefore).isEqualTo(1);
    assertThat(cacheGets("quotes", "hit") - hitsBefore).isEqualTo(2);
    assertThat(registry.find("cache.gets").tag("cache", "exchange-rates").meters()).isNotEmpty();

    MetricDescriptor gets = metricsEndpoint.metric("cache.gets", List.of("cache:quotes"));
    assertThat(gets).isNotNull();
    assertThat(gets.getMeasurements()).singleElement()
        .satisfies(sample -> assertThat(sample.getValue()).isGreaterThanOrEqualTo(3));
    assertThat(metricsEndpoint.listNames().getNames())
        .contains("cache.gets", "cache.puts", "cache.removals", "cache.evictions");
  }

  private double cacheGets(String cache, String result) {
    FunctionCounter counter = registry.find("cache.gets").tag("cache", cache)
        .tag("result", result).functionCounter();
    assertThat(counter).as("cache.gets{cache=%s,result=%s}", cache, result).isNotNull();
    return counter.count();
  }

  @SuppressWarnings("unchecked")
  private TenantCache<String, Quote> admin() {
    Cache<String, Quote> cache = (Cache<String, Quote>) cacheManager
        .getCache(QuoteService.QUOTES).getNativeCache();
    return cache.unwrap(TenantCache.class);
  }
}
