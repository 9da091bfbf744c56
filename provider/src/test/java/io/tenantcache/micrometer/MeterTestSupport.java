package io.tenantcache.micrometer;

import static io.tenantcache.testing.ObservabilityFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.Tenants;
import io.tenantcache.testing.Closer;
import io.tenantcache.testing.ObservabilityFixture;
import java.util.List;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;
/**
 * What the meter tests share: a registry to read meters back from, the manager fixtures they open
 * (closed with the test), and readers of one meter by name, cache and tags.
 */
abstract class MeterTestSupport {
  static final String ACME = "acme";
  static final String GLOBEX = "globex";

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  @AutoClose final Closer closer = new Closer();
  ObservabilityFixture fixture;

  ObservabilityFixture fixture(Object... keyValues) {
    fixture = closer.open(new ObservabilityFixture(properties(keyValues)));
    return fixture;
  }

  Search meter(String name, String cache, String... tags) {
    return registry.find(name).tags("cache", cache, "cache.manager", fixture.uri.toString())
        .tags(tags);
  }

  double counter(String name, String cache, String... tags) {
    FunctionCounter counter = meter(name, cache, tags).functionCounter();
    assertThat(counter).as("%s %s %s", name, cache, List.of(tags)).isNotNull();
    return counter.count();
  }

  double size(String cache, String... tags) {
    Gauge gauge = meter("cache.size", cache, tags).gauge();
    assertThat(gauge).as("cache.size %s %s", cache, List.of(tags)).isNotNull();
    return gauge.value();
  }

  /** acme: 2 puts, 3 hits, 1 miss, 1 removal; globex: 1 put, 1 hit. */
  static void someTraffic(Cache<String, String> cache) {
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

  double sum(String name, String... tags) {
    return registry.find(name).tags(tags).functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum();
  }
}
