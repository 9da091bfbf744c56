package io.tenantcache;

import static io.tenantcache.ObservabilityFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer's own {@link JCacheMetrics}, which knows nothing of TenantCache and reads the standard
 * {@code javax.cache:type=CacheStatistics} MXBean from the MBeanServer by its standard name: it
 * must see our caches' figures (over all tenants).
 */
final class JCacheMetricsCompatibilityTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ObservabilityFixture fixture;

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /** Returns the value of a counter or gauge ({@code monitor} makes cache.removals a gauge). */
  private double count(String name, String... tags) {
    Meter meter = registry.find(name).tags("cache", "users").tags(tags).meter();
    assertThat(meter).as("%s %s", name, String.join(",", tags)).isNotNull();
    return meter.measure().iterator().next().getValue();
  }

  @Test
  void micrometersJCacheMetrics_readsHitsMissesPutsRemovalsAndEvictions() {
    // a URI with ':' (sanitized to '.' by us and, separately, by JCacheMetrics) and a '/'
    fixture = new ObservabilityFixture(URI.create("urn:tenantcache:jcache-metrics/"
        + System.nanoTime()), properties());
    Cache<String, String> cache = fixture.create("users", fixture.builder().maximumSize(5));
    JCacheMetrics.monitor(registry, cache, Tags.of("app", "test"));

    Tenants.run("acme", () -> {
      for (int i = 0; i < 8; i++) {
        cache.put("k" + i, "v");
      }
      cache.get("k7");
      cache.get("nope");
      cache.remove("k7");
    });
    Tenants.run("globex", () -> {
      cache.put("k0", "v");
      cache.get("k0");
      cache.get("nope");
    });

    assertThat(count("cache.gets", "result", "hit")).isEqualTo(2);
    assertThat(count("cache.gets", "result", "miss")).isEqualTo(2);
    assertThat(count("cache.puts")).isEqualTo(9);
    assertThat(count("cache.removals")).isEqualTo(1);
    assertThat(count("cache.evictions")).isPositive();
  }
}
