package io.tenantcache.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantcache.TenantCacheProperties;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint.MetricDescriptor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Per-tenant cache meters in Spring Boot: Boot's own cache metrics (JCacheMetrics, summed over
 * tenants) are switched off, and TenantCache binds its own meters, tagged with the tenant, to
 * Boot's MeterRegistry. Binding both would give Prometheus two sets of tags for one meter name.
 */
@SpringBootTest(properties = {
    "spring.main.banner-mode=off",
    "spring.autoconfigure.exclude="
        + "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration"})
@DirtiesContext
final class SpringBootTenantMetricsTest {
  @Autowired
  private QuoteService quotes;
  @Autowired
  private MeterRegistry registry;
  @Autowired
  private MetricsEndpoint metricsEndpoint;

  /** Hands Boot's MeterRegistry to the JCache manager, with the tenant tag on. */
  @TestConfiguration(proxyBeanMethods = false)
  static class PerTenantMeters {
    @Bean
    JCachePropertiesCustomizer tenantCacheMetrics(MeterRegistry registry) {
      return properties -> {
        properties.put(TenantCacheProperties.METRICS_REGISTRY, registry);
        properties.setProperty(TenantCacheProperties.METRICS_TENANT_TAG, "true");
      };
    }
  }

  private static <T> T as(String tenant, Supplier<T> call) {
    MDC.put(MdcTenantResolver.MDC_KEY, tenant);
    try {
      return call.get();
    } finally {
      MDC.remove(MdcTenantResolver.MDC_KEY);
    }
  }

  @Test
  void cacheMeters_areCountedPerTenant() {
    as("acme", () -> quotes.quote("ACME"));
    as("acme", () -> quotes.quote("ACME"));
    as("globex", () -> quotes.quote("ACME"));

    assertThat(gets("acme", "hit")).isEqualTo(1);
    assertThat(gets("acme", "miss")).isEqualTo(1);
    assertThat(gets("globex", "miss")).isEqualTo(1);
    assertThat(gets("globex", "hit")).isZero();
    assertThat(registry.find("cache.gets").meters()).as("only TenantCache's meters, all tagged")
        .allSatisfy(meter -> assertThat(meter.getId().getTag("tenant")).isNotNull());

    MetricDescriptor acmeGets =
        metricsEndpoint.metric("cache.gets", List.of("cache:quotes", "tenant:acme"));
    assertThat(acmeGets.getMeasurements()).singleElement()
        .satisfies(sample -> assertThat(sample.getValue()).isEqualTo(2));
    assertThat(acmeGets.getAvailableTags())
        .anySatisfy(tag -> assertThat(tag.getTag()).isEqualTo("result"));
  }

  private double gets(String tenant, String result) {
    FunctionCounter counter = registry.find("cache.gets")
        .tags("cache", "quotes", "tenant", tenant, "result", result).functionCounter();
    assertThat(counter).as("cache.gets{tenant=%s,result=%s}", tenant, result).isNotNull();
    return counter.count();
  }
}
