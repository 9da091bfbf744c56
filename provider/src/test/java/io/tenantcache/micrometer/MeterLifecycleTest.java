package io.tenantcache.micrometer;

import static io.tenantcache.testing.ObservabilityFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.micrometer.TenantCacheMetrics;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.testing.ObservabilityFixture;
import java.time.Duration;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.Test;
/**
 * When meters exist: the manager's metrics properties (global registry, off, bad values), the
 * binder on its own, Resilience4j's meters, and meters removed with their cache or manager.
 */
final class MeterLifecycleTest extends MeterTestSupport {
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
}
