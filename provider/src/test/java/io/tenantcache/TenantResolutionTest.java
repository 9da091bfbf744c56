package io.tenantcache;

import static io.tenantcache.testing.CacheFixture.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.testing.RecordingListener;
import java.util.Map;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/**
 * Which tenant a call acts for: an explicit {@link Tenants#bind} first, else the manager's {@link
 * TenantResolver}, else its {@link MissingTenantPolicy}; and the manager properties that set them,
 * read through {@code Caching.getCachingProvider().getCacheManager(uri, classLoader, properties)}.
 */
final class TenantResolutionTest extends TenantResolutionSupport {

  // --- order: bind > resolver > policy ------------------------------------------------------

  @Test
  void explicitBinding_winsOverResolverInstance() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    Tenants.run("bound", () -> {
      assertThat(manager.currentTenant()).isEqualTo("bound");
      cache.put("k", "v");
    });

    assertThat(entriesOf(cache, "bound")).containsExactly(Map.entry("k", "v"));
    assertThat(entriesOf(cache, "resolved")).isEmpty();
    assertThat(admin(cache).tenants()).containsExactly("bound");
  }

  @Test
  void explicitBinding_doesNotConsultTheResolver() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    Tenants.run("bound", () -> {
      cache.put("k", "v");
      cache.get("k");
      cache.containsKey("k");
    });

    assertThat(resolver.calls).hasValue(0);
  }

  @Test
  void resolverInstance_answersWhenNothingIsBound() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    cache.put("k", "r1");

    assertThat(manager.currentTenant()).isEqualTo("resolved");
    assertThat(cache.get("k")).isEqualTo("r1");
    assertThat(entriesOf(cache, "resolved")).containsExactly(Map.entry("k", "r1"));
    assertThat(entriesOf(cache, Tenants.DEFAULT_TENANT)).isEmpty();
    assertThat(resolver.calls.get()).isPositive();
  }

  @Test
  void resolverInstance_isAskedOnEveryCall() {
    SettableResolver resolver = new SettableResolver();
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    resolver.tenant.set(Optional.of("first"));
    cache.put("k", "1");
    resolver.tenant.set(Optional.of("second"));
    cache.put("k", "2");

    assertThat(entriesOf(cache, "first")).containsExactly(Map.entry("k", "1"));
    assertThat(entriesOf(cache, "second")).containsExactly(Map.entry("k", "2"));
  }

  @Test
  void resolverByClassName_answersWhenNothingIsBound() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER,
        StaticResolver.class.getName()));
    Cache<String, String> cache = strings(manager);
    StaticResolver.TENANT.set(Optional.of("from-class"));

    cache.put("k", "v");
    Tenants.run("bound", () -> cache.put("k", "bound-v"));

    assertThat(manager.currentTenant()).isEqualTo("from-class");
    assertThat(entriesOf(cache, "from-class")).containsExactly(Map.entry("k", "v"));
    assertThat(entriesOf(cache, "bound")).containsExactly(Map.entry("k", "bound-v"));
    assertThat(StaticResolver.CALLS.get()).isPositive();
  }

  @Test
  void resolverByClassName_toleratesSurroundingWhitespace() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER,
        "  " + StaticResolver.class.getName() + " "));
    StaticResolver.TENANT.set(Optional.of("from-class"));

    assertThat(manager.currentTenant()).isEqualTo("from-class");
  }

  @Test
  void resolverWithNoAnswer_fallsBackToTheDefaultTenant() {
    SettableResolver resolver = new SettableResolver();
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    cache.put("k", "v");

    assertThat(manager.currentTenant()).isEqualTo(Tenants.DEFAULT_TENANT);
    assertThat(entriesOf(cache, Tenants.DEFAULT_TENANT)).containsExactly(Map.entry("k", "v"));
    assertThat(resolver.calls.get()).isPositive();
  }

  @Test
  void resolverAnsweringAnInvalidId_failsTheCallWithIllegalArgument() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("  "));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThat(admin(cache).tenants()).isEmpty();
  }

  @Test
  void resolvedTenant_isBoundForTheLoaderAndTheListeners() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    RecordingListener<String, String> listener = new RecordingListener<>();
    Cache<String, String> cache = manager.createCache("loading",
        TenantCacheConfiguration.builder(String.class, String.class)
            .readThrough(() -> new CacheLoader<String, String>() {
              @Override
              public String load(String key) {
                return Tenants.current().orElse("none") + ":" + key;
              }

              @Override
              public Map<String, String> loadAll(Iterable<? extends String> keys) {
                throw new UnsupportedOperationException();
              }
            })
            .addListener(listener.configuration(true))
            .build());

    assertThat(cache.get("k")).isEqualTo("resolved:k");
    cache.put("p", "v");

    assertThat(listener.events()).isNotEmpty().allSatisfy(seen -> {
      assertThat(seen.eventTenant()).isEqualTo("resolved");
      assertThat(seen.boundTenant()).contains("resolved");
    });
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void configuredDefaultTenant_isBoundForTheListeners() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.DEFAULT_TENANT, "shared"));
    RecordingListener<String, String> listener = new RecordingListener<>();
    Cache<String, String> cache = manager.createCache("listened",
        TenantCacheConfiguration.builder(String.class, String.class)
            .addListener(listener.configuration(true))
            .build());

    cache.put("k", "v");

    assertThat(listener.events()).singleElement().satisfies(seen -> {
      assertThat(seen.eventTenant()).isEqualTo("shared");
      assertThat(seen.boundTenant()).contains("shared");
    });
  }
}
