package io.tenantcache.micrometer;

import static io.tenantcache.testing.ObservabilityFixture.SECRET_KEY;
import static io.tenantcache.testing.ObservabilityFixture.SECRET_VALUE;
import static io.tenantcache.testing.ObservabilityFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.testing.ObservabilityFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus scrapes: the meters of a cache manager with tenant tags, in Prometheus' text
 * format, as a {@link PrometheusMeterRegistry} writes them.
 */
final class PrometheusScrapeIT {
  private static final URI URI_ = URI.create("urn:tenantcache:shop");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private ObservabilityFixture fixture;

  @AfterEach
  void tearDown() {
    fixture.close();
    registry.close();
  }

  /** Scrapes, and keeps the text under target/ for the README's sample. */
  private String scrape(String file) throws Exception {
    String text = registry.scrape();
    Path sample = Path.of("target", file);
    Files.createDirectories(sample.getParent());
    Files.writeString(sample, text);
    return text;
  }

  @Test
  void scrape_showsPerTenantCacheMeters_inPrometheusNaming() throws Exception {
    fixture = new ObservabilityFixture(URI_, properties(
        TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_TENANT_TAG, "true",
        TenantCacheProperties.METRICS_TENANT_CAP, "2"));
    Cache<String, String> users = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));
    Tenants.run("acme", () -> {
      users.put("alice", "A");
      users.get("alice");
      users.get("alice");
      users.get("bob");
    });
    Tenants.run("globex", () -> {
      users.get("carol");
      try {
        users.get("fail");
      } catch (CacheLoaderException expected) {
        // counted as a load failure
      }
    });
    Tenants.run("initech", () -> users.put("dave", "D"));
    Tenants.run("umbrella", () -> users.put("erin", "E"));

    String text = scrape("prometheus-sample.txt");

    assertThat(text)
        .contains("cache_gets_total{cache=\"users\",cache_manager=\"urn:tenantcache:shop\","
            + "result=\"hit\",tenant=\"acme\"} 2.0")
        .contains("cache_gets_total{cache=\"users\",cache_manager=\"urn:tenantcache:shop\","
            + "result=\"miss\",tenant=\"acme\"} 1.0")
        .contains("cache_puts_total{cache=\"users\",cache_manager=\"urn:tenantcache:shop\","
            + "tenant=\"acme\"} 1.0")
        .contains("cache_size{cache=\"users\",cache_manager=\"urn:tenantcache:shop\","
            + "tenant=\"acme\"} 2.0")
        .contains("cache_load_total{cache=\"users\",cache_manager=\"urn:tenantcache:shop\","
            + "result=\"failure\",tenant=\"globex\"} 1.0")
        .contains("cache_load_total{cache=\"users\",cache_manager=\"urn:tenantcache:shop\","
            + "result=\"success\",tenant=\"globex\"} 1.0")
        .contains("cache_load_duration_seconds_count{cache=\"users\","
            + "cache_manager=\"urn:tenantcache:shop\",tenant=\"globex\"} 2")
        .contains("cache_puts_total{cache=\"users\",cache_manager=\"urn:tenantcache:shop\","
            + "tenant=\"other\"} 2.0")
        .contains("cache_tenants_overflow{cache=\"users\",cache_manager=\"urn:tenantcache:shop\"}"
            + " 2.0")
        .doesNotContain("tenant=\"initech\"")
        .doesNotContain(SECRET_KEY).doesNotContain(SECRET_VALUE);
  }

  @Test
  void scrape_withLoadHistogram_hasBuckets_andResilience4jMeters() throws Exception {
    fixture = new ObservabilityFixture(URI_, properties(
        TenantCacheProperties.METRICS_REGISTRY, registry,
        TenantCacheProperties.METRICS_LOAD_HISTOGRAM, "true"));
    Cache<String, String> users = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new)
        .resilience(LoadResilience.builder()
            .circuitBreaker(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.ofDefaults(),
                ResilienceScope.TENANT)
            .build()));
    Tenants.run("acme", () -> {
      users.put(SECRET_KEY, SECRET_VALUE);
      users.get("alice");
      users.get(SECRET_KEY);
    });

    String text = scrape("prometheus-sample-histogram.txt");

    assertThat(text)
        .contains("cache_load_duration_seconds_bucket{cache=\"users\","
            + "cache_manager=\"urn:tenantcache:shop\",le=\"")
        .contains("cache_load_duration_seconds_count{cache=\"users\","
            + "cache_manager=\"urn:tenantcache:shop\"} 1")
        .contains("resilience4j_circuitbreaker_state{name=\"users/acme\",state=\"closed\"} 1.0")
        .doesNotContain(SECRET_KEY).doesNotContain(SECRET_VALUE);
  }
}
