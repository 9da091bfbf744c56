package io.tenantcache.micrometer;

import static io.tenantcache.testing.ObservabilityFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.TenantCache;
import io.tenantcache.Tenants;
import io.tenantcache.testing.Closer;
import io.tenantcache.testing.ObservabilityFixture;
import java.net.URI;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Micrometer's own {@link JCacheMetrics}, which knows nothing of TenantCache and reads the standard
 * {@code javax.cache:type=CacheStatistics} MXBean from the MBeanServer by its standard name: it
 * must see our caches' figures (over all tenants).
 */
final class JCacheMetricsCompatibilityTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  @AutoClose private final Closer closer = new Closer();

  /** Returns the value of a counter or gauge ({@code monitor} makes cache.removals a gauge). */
  private double count(String name, String... tags) {
    Meter meter = registry.find(name).tags("cache", "users").tags(tags).meter();
    assertThat(meter).as("%s %s", name, String.join(",", tags)).isNotNull();
    return meter.measure().iterator().next().getValue();
  }

  @Test
  void micrometersJCacheMetrics_readsHitsMissesPutsRemovalsAndEvictions() {
    // a URI with ':' (sanitized to '.' by us and, separately, by JCacheMetrics) and a '/'
    URI uri = URI.create("urn:tenantcache:jcache-metrics/" + System.nanoTime());
    ObservabilityFixture fixture = closer.open(new ObservabilityFixture(uri, properties()));
    Cache<String, String> cache = fixture.create("users", fixture.builder().maximumSize(5));
    JCacheMetrics.monitor(registry, cache, Tags.of("app", "test"));

    // The hits and misses come before the cache goes over its bound: which entries an eviction
    // picks is Caffeine's choice, and it runs in the background.
    Tenants.run("acme", () -> {
      for (int i = 0; i < 4; i++) {
        cache.put("k" + i, "v");
      }
      cache.get("k3");
      cache.get("nope");
      cache.remove("k3");
    });
    Tenants.run("globex", () -> {
      cache.put("k0", "v");
      cache.get("k0");
      cache.get("nope");
    });
    Tenants.run("acme", () -> {
      for (int i = 4; i < 9; i++) {
        cache.put("k" + i, "v");
      }
    });

    assertThat(count("cache.gets", "result", "hit")).isEqualTo(2);
    assertThat(count("cache.gets", "result", "miss")).isEqualTo(2);
    assertThat(count("cache.puts")).isEqualTo(10);
    assertThat(count("cache.removals")).isEqualTo(1);
    assertThat(count("cache.evictions")).isPositive();
  }
}
