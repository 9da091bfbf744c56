package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ThrowingRunnable;
import io.tenantcache.testing.ObservabilityFixture;
import io.tenantcache.testing.SeededCache;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Null keys, values, key sets, maps, tenants, listeners, processors and factories: each call fails
 * with a clear exception (JCache's {@link NullPointerException} for keys and values, {@link
 * IllegalArgumentException} for tenant ids and factories that make nothing), and leaves the cache
 * as it was.
 */
final class BadInputNullTest {
  @AutoClose private final SeededCache seeded = SeededCache.withTenants("acme", "globex");
  private final Cache<String, String> cache = seeded.cache;
  private final CacheFixture fixture = seeded.fixture;


  private static Set<String> withNull() {
    Set<String> keys = new HashSet<>();
    keys.add("k");
    keys.add(null);
    return keys;
  }

  private static Map<String, String> map(String key, String value) {
    Map<String, String> map = new HashMap<>();
    map.put("k", "new");
    map.put(key, value);
    return map;
  }

  @TestFactory
  Stream<DynamicTest> nullKeysValuesAndArguments_throwNullPointerException_cacheUnchanged() {
    EntryProcessor<String, String, String> processor = (entry, args) -> "r";
    Map<String, ThrowingRunnable> calls = new java.util.LinkedHashMap<>();
    calls.put("get(null)", () -> cache.get(null));
    calls.put("getAll(null)", () -> cache.getAll(null));
    calls.put("getAll({k, null})", () -> cache.getAll(withNull()));
    calls.put("containsKey(null)", () -> cache.containsKey(null));
    calls.put("loadAll(null)", () -> cache.loadAll(null, false, null));
    calls.put("loadAll({k, null})", () -> cache.loadAll(withNull(), false, null));
    calls.put("put(null, v)", () -> cache.put(null, "v"));
    calls.put("put(k, null)", () -> cache.put("k", null));
    calls.put("getAndPut(null, v)", () -> cache.getAndPut(null, "v"));
    calls.put("getAndPut(k, null)", () -> cache.getAndPut("k", null));
    calls.put("putAll(null)", () -> cache.putAll(null));
    calls.put("putAll({k, null: v})", () -> cache.putAll(map(null, "v")));
    calls.put("putAll({k, x: null})", () -> cache.putAll(map("x", null)));
    calls.put("putIfAbsent(null, v)", () -> cache.putIfAbsent(null, "v"));
    calls.put("putIfAbsent(x, null)", () -> cache.putIfAbsent("x", null));
    calls.put("remove(null)", () -> cache.remove(null));
    calls.put("remove(null, v)", () -> cache.remove(null, "v"));
    calls.put("remove(k, null)", () -> cache.remove("k", null));
    calls.put("getAndRemove(null)", () -> cache.getAndRemove(null));
    calls.put("replace(null, o, n)", () -> cache.replace(null, "o", "n"));
    calls.put("replace(k, null, n)", () -> cache.replace("k", null, "n"));
    calls.put("replace(k, o, null)", () -> cache.replace("k", "acme-v", null));
    calls.put("replace(null, v)", () -> cache.replace(null, "v"));
    calls.put("replace(k, null)", () -> cache.replace("k", null));
    calls.put("getAndReplace(null, v)", () -> cache.getAndReplace(null, "v"));
    calls.put("getAndReplace(k, null)", () -> cache.getAndReplace("k", null));
    calls.put("removeAll(null)", () -> cache.removeAll(null));
    calls.put("removeAll({k, null})", () -> cache.removeAll(withNull()));
    calls.put("invoke(null, p)", () -> cache.invoke(null, processor));
    calls.put("invoke(k, null)", () -> cache.invoke("k", null));
    calls.put("invokeAll(null, p)", () -> cache.invokeAll(null, processor));
    calls.put("invokeAll({k, null}, p)", () -> cache.invokeAll(withNull(), processor));
    calls.put("invokeAll({k}, null)", () -> cache.invokeAll(Set.of("k"), null));
    calls.put("registerCacheEntryListener(null)", () -> cache.registerCacheEntryListener(null));
    calls.put("deregisterCacheEntryListener(null)",
        () -> cache.deregisterCacheEntryListener(null));
    calls.put("getConfiguration(null)", () -> cache.getConfiguration(null));
    calls.put("unwrap(null)", () -> cache.unwrap(null));
    return calls.entrySet().stream().map(call -> DynamicTest.dynamicTest(call.getKey(), () -> {
      Throwable failure = Tenants.call("acme", () -> thrown(call.getValue()));
      assertThat(failure).isInstanceOf(NullPointerException.class);
      assertThat(failure.getMessage()).as("names the null argument").isNotBlank();
      seeded.assertUnchanged();
    }));
  }

  @Test
  void nullTenant_isIllegalArgument_namingTheProblem_cacheUnchanged() {
    TenantCache<String, String> admin = CacheFixture.admin(cache);
    TenantCacheManager manager = fixture.manager.unwrap(TenantCacheManager.class);
    List<ThrowingRunnable> calls = List.of(
        () -> Tenants.bind(null),
        () -> Tenants.run(null, () -> cache.put("k", "x")),
        () -> Tenants.call(null, () -> cache.getAndPut("k", "x")),
        () -> admin.forTenant(null),
        () -> admin.clearTenant(null),
        () -> admin.statistics(null),
        () -> manager.evictTenant(null));
    for (ThrowingRunnable call : calls) {
      assertThat(thrown(call)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tenant id is null");
      seeded.assertUnchanged();
    }
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void resolverAnsweringNull_fallsBackToTheMissingTenantPolicy() {
    var properties = new java.util.Properties();
    properties.put(TenantCacheProperties.TENANT_RESOLVER, (TenantResolver) () -> null);
    properties.setProperty(TenantCacheProperties.MISSING_TENANT, "reject");
    try (ObservabilityFixture rejecting = new ObservabilityFixture(properties)) {
      Cache<String, String> strict = rejecting.create("strict", rejecting.builder());
      assertThat(thrown(() -> strict.put("k", "v"))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no tenant for this cache call");
      assertThat(CacheFixture.admin(strict).tenants()).isEmpty();
    }
  }

  @Test
  void nullTaskOrExecutor_isNullPointerException() {
    assertThat(thrown(() -> Tenants.run("acme", null))).isInstanceOf(NullPointerException.class);
    assertThat(thrown(() -> Tenants.call("acme", null))).isInstanceOf(NullPointerException.class);
    assertThat(thrown(() -> Tenants.wrap((Runnable) null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(thrown(() -> Tenants.wrap((java.util.concurrent.Executor) null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void processorSettingNull_isEntryProcessorException_cacheUnchanged() throws Exception {
    Throwable failure = Tenants.call("acme", () -> thrown(() -> cache.invoke("k", (entry, args) -> {
      entry.setValue(null);
      return null;
    })));

    assertThat(failure).isInstanceOf(EntryProcessorException.class)
        .hasCauseInstanceOf(NullPointerException.class);
    assertThat(failure.getCause()).hasMessageContaining("null value");
    seeded.assertUnchanged();
  }

  @Test
  void listenerConfigurationsThatMakeNoListener_areRejectedAtRegistration() {
    Factory<CacheEntryListener<? super String, ? super String>> nullListener = () -> null;
    Factory<CacheEntryListener<? super String, ? super String>> listener =
        () -> (CacheEntryCreatedListener<String, String>) events -> { };
    Factory<CacheEntryEventFilter<? super String, ? super String>> nullFilter = () -> null;
    List<CacheEntryListenerConfiguration<String, String>> bad = Arrays.asList(
        new MutableCacheEntryListenerConfiguration<>(null, null, false, true),
        new MutableCacheEntryListenerConfiguration<>(nullListener, null, false, true),
        new MutableCacheEntryListenerConfiguration<>(listener, nullFilter, false, true));

    for (CacheEntryListenerConfiguration<String, String> configuration : bad) {
      assertThat(thrown(() -> cache.registerCacheEntryListener(configuration)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("listener configuration");
      assertThat(cache.getConfiguration(TenantCacheConfiguration.class)
          .getCacheEntryListenerConfigurations()).isEmpty();
      Tenants.run("acme", () -> cache.put("k", "acme-v"));   // still works, publishes nothing
      seeded.assertUnchanged();
    }
  }

  @Test
  void loaderFactoryMakingNothing_failsCreateCache_noCacheLeftBehind() {
    Factory<CacheLoader<String, String>> nothing = () -> null;
    Throwable failure = thrown(() -> fixture.manager.createCache("made-of-nothing",
        fixture.builder(String.class, String.class).readThrough(nothing).build()));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CacheLoader factory of cache 'made-of-nothing' returned null");
    assertThat(fixture.manager.getCache("made-of-nothing")).isNull();
  }

  @Test
  void nullCacheNameOrConfiguration_isNullPointerException() {
    assertThat(thrown(() -> fixture.manager.createCache(null,
        fixture.builder(String.class, String.class).build())))
        .isInstanceOf(NullPointerException.class);
    assertThat(thrown(() -> fixture.manager.createCache("c", null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(thrown(() -> fixture.manager.getCache(null))).isInstanceOf(NullPointerException.class);
  }
}
