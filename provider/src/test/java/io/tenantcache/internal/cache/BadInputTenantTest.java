package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.CacheFixture.contents;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import io.tenantcache.Tenants;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ThrowingRunnable;
import io.tenantcache.testing.ObservabilityFixture;
import io.tenantcache.testing.SeededCache;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant ids that are blank, 10 KB long or hold control characters, wherever an id enters: a
 * binding, a pinned view, the admin operations, a resolver's answer, the default-tenant property.
 * Each is an {@link IllegalArgumentException} that says what is wrong without echoing the id, and
 * the cache is left as it was.
 */
final class BadInputTenantTest {
  @AutoClose private final SeededCache seeded = SeededCache.withTenants("acme");
  private final Cache<String, String> cache = seeded.cache;
  private final CacheFixture fixture = seeded.fixture;


  static Stream<Arguments> badIds() {
    return Stream.of(
        Arguments.of("empty", "", "blank"),
        Arguments.of("spaces", "   ", "blank"),
        Arguments.of("tab and newline", "\t\n", "blank"),
        Arguments.of("10 KB", "x".repeat(10 * 1024), "10240 characters long"),
        Arguments.of("257 chars", "y".repeat(Tenants.MAX_ID_LENGTH + 1), "257 characters long"),
        Arguments.of("NUL inside", "ac\u0000me", "control character at index 2"),
        Arguments.of("newline inside", "acme\nglobex", "control character at index 4"),
        Arguments.of("DEL", "acme\u007f", "control character at index 4"),
        Arguments.of("C1 control", "\u0085acme", "control character at index 0"),
        Arguments.of("escape sequence", "acme\u001b[31m", "control character at index 4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void badTenantId_isIllegalArgumentException_everywhere_cacheUnchanged(String name, String id,
      String problem) {
    TenantCache<String, String> admin = CacheFixture.admin(cache);
    TenantCacheManager manager = fixture.manager.unwrap(TenantCacheManager.class);
    List<ThrowingRunnable> calls = List.of(
        () -> Tenants.bind(id),
        () -> Tenants.run(id, () -> cache.put("k", "bad")),
        () -> Tenants.call(id, () -> cache.getAndPut("k", "bad")),
        () -> admin.forTenant(id).put("k", "bad"),
        () -> admin.clearTenant(id),
        () -> admin.statistics(id),
        () -> manager.evictTenant(id));

    for (ThrowingRunnable call : calls) {
      Throwable failure = thrown(call);
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("tenant id")
          .hasMessageContaining(problem);
      assertThat(failure.getMessage()).as("does not echo the id").hasSizeLessThan(120);
      seeded.assertUnchanged();
    }
    assertThat(Tenants.current()).as("no binding is left behind").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void resolverAnsweringABadId_failsTheCall_cacheUnchanged(String name, String id,
      String problem) {
    Properties properties = new Properties();
    properties.put(TenantCacheProperties.TENANT_RESOLVER, (TenantResolver) () -> Optional.of(id));
    try (ObservabilityFixture resolving = new ObservabilityFixture(properties)) {
      Cache<String, String> resolved = resolving.create("resolved", resolving.builder());
      Tenants.run("acme", () -> resolved.put("k", "acme-v"));   // a binding wins over the resolver
      Map<String, Map<String, String>> held = contents(resolved);

      for (ThrowingRunnable call : List.<ThrowingRunnable>of(() -> resolved.put("k", "bad"),
          () -> resolved.get("k"), () -> resolved.remove("k"), () -> resolved.clear())) {
        assertThat(thrown(call)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(problem);
        assertUnchanged(resolved, held);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void badDefaultTenantProperty_failsTheManager_namingTheProperty(String name, String id,
      String problem) {
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.DEFAULT_TENANT, id);
    TenantCachingProvider provider = new TenantCachingProvider();
    try {
      Throwable failure = thrown(() -> provider.getCacheManager(
          URI.create("urn:tenantcache:bad-default-" + UUID.randomUUID()),
          BadInputTenantTest.class.getClassLoader(), properties));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(TenantCacheProperties.DEFAULT_TENANT)
          .hasMessageContaining(problem);
    } finally {
      provider.close();
    }
  }

  @Test
  void longestAllowedId_andUnicodeIds_work() {
    String longest = "z".repeat(Tenants.MAX_ID_LENGTH);
    for (String id : List.of(longest, "ünïcødé-テナント", "a:b/c d")) {
      Tenants.run(id, () -> cache.put("k", id));
      assertThat(CacheFixture.admin(cache).forTenant(id).get("k")).isEqualTo(id);
    }
    assertThat(CacheFixture.admin(cache).tenants()).contains("acme", longest);
  }
}
