package io.tenantcache.internal.cache;

import static io.tenantcache.testing.LoadTestSupport.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ThrowingRunnable;
import io.tenantcache.testing.RecordingListener;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation on a closed cache, on a closed cache's tenant views, and on a closed cache
 * manager fails with {@link IllegalStateException} that names the cache (or manager) and says how
 * to get a working one; the identity getters, {@code isClosed}, {@code unwrap}, {@code
 * getConfiguration} and a second {@code close} still answer.
 */
final class BadInputClosedTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  private Cache<String, String> cache;
  private Cache<String, String> acmeView;
  private Iterator<Cache.Entry<String, String>> iterator;

  @BeforeEach
  void setUp() {
    cache = fixture.strings();
    Tenants.run("acme", () -> cache.put("k", "v"));
    acmeView = CacheFixture.admin(cache).forTenant("acme");
    iterator = acmeView.iterator();
    iterator.next();
  }

  private static Map<String, ThrowingRunnable> everyCacheOperation(Cache<String, String> cache) {
    EntryProcessor<String, String, String> processor = (entry, args) -> "r";
    Map<String, ThrowingRunnable> calls = new LinkedHashMap<>();
    calls.put("get", () -> cache.get("k"));
    calls.put("getAll", () -> cache.getAll(Set.of("k")));
    calls.put("containsKey", () -> cache.containsKey("k"));
    calls.put("loadAll", () -> cache.loadAll(Set.of("k"), true, null));
    calls.put("put", () -> cache.put("k", "w"));
    calls.put("getAndPut", () -> cache.getAndPut("k", "w"));
    calls.put("putAll", () -> cache.putAll(Map.of("k", "w")));
    calls.put("putIfAbsent", () -> cache.putIfAbsent("x", "w"));
    calls.put("remove(k)", () -> cache.remove("k"));
    calls.put("remove(k, v)", () -> cache.remove("k", "v"));
    calls.put("getAndRemove", () -> cache.getAndRemove("k"));
    calls.put("replace(k, o, n)", () -> cache.replace("k", "v", "w"));
    calls.put("replace(k, v)", () -> cache.replace("k", "w"));
    calls.put("getAndReplace", () -> cache.getAndReplace("k", "w"));
    calls.put("removeAll(keys)", () -> cache.removeAll(Set.of("k")));
    calls.put("removeAll()", cache::removeAll);
    calls.put("clear", cache::clear);
    calls.put("invoke", () -> cache.invoke("k", processor));
    calls.put("invokeAll", () -> cache.invokeAll(Set.of("k"), processor));
    calls.put("iterator", cache::iterator);
    calls.put("registerCacheEntryListener", () -> cache.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(RecordingListener::new, null, false, true)));
    calls.put("deregisterCacheEntryListener", () -> cache.deregisterCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(RecordingListener::new, null, false, true)));
    return calls;
  }

  @TestFactory
  Stream<DynamicTest> closedCache_everyOperation_isIllegalStateException_namingTheCache() {
    cache.close();
    Map<String, ThrowingRunnable> calls = new LinkedHashMap<>();
    everyCacheOperation(cache).forEach((name, call) -> calls.put(name, call));
    everyCacheOperation(acmeView).forEach((name, call) -> calls.put("forTenant view: " + name,
        call));
    TenantCache<String, String> admin = CacheFixture.admin(cache);
    calls.put("admin tenants", admin::tenants);
    calls.put("admin clearTenant", () -> admin.clearTenant("acme"));
    calls.put("iterator.remove of an iterator made before close", iterator::remove);
    return calls.entrySet().stream().map(call -> DynamicTest.dynamicTest(call.getKey(), () ->
        assertThat(thrown(call.getValue())).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cache '" + cache.getName() + "' is closed")));
  }

  @Test
  void closedCache_identityAndStateStillAnswer() {
    cache.close();

    assertThat(cache.isClosed()).isTrue();
    assertThat(cache.getName()).isNotBlank();
    assertThat(cache.getCacheManager()).isSameAs(fixture.manager);
    assertThat(cache.unwrap(TenantCache.class)).isNotNull();
    assertThat(cache.getConfiguration(TenantCacheConfiguration.class)).isNotNull();
    cache.close();   // again: nothing happens
    assertThat(fixture.manager.getCache(cache.getName())).as("the manager forgot it").isNull();
  }

  @TestFactory
  Stream<DynamicTest> closedManager_everyOperation_isIllegalStateException_namingTheManager() {
    CacheManager manager = fixture.manager;
    TenantCacheManager ours = manager.unwrap(TenantCacheManager.class);
    manager.close();
    Map<String, ThrowingRunnable> calls = new LinkedHashMap<>();
    calls.put("createCache", () -> manager.createCache("new", new MutableConfiguration<>()));
    calls.put("getCache(name)", () -> manager.getCache(cache.getName()));
    calls.put("getCache(name, types)",
        () -> manager.getCache(cache.getName(), String.class, String.class));
    calls.put("getCacheNames", manager::getCacheNames);
    calls.put("destroyCache", () -> manager.destroyCache(cache.getName()));
    calls.put("enableManagement", () -> manager.enableManagement(cache.getName(), true));
    calls.put("enableStatistics", () -> manager.enableStatistics(cache.getName(), true));
    calls.put("tenants", ours::tenants);
    calls.put("evictTenant", () -> ours.evictTenant("acme"));
    Stream<DynamicTest> managerCalls = calls.entrySet().stream().map(call ->
        DynamicTest.dynamicTest(call.getKey(), () ->
            assertThat(thrown(call.getValue())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CacheManager '" + manager.getURI() + "' is closed")));
    Stream<DynamicTest> cacheCalls = everyCacheOperation(cache).entrySet().stream().map(call ->
        DynamicTest.dynamicTest("its cache: " + call.getKey(), () ->
            assertThat(thrown(call.getValue())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed")));
    return Stream.concat(managerCalls, cacheCalls);
  }

  @Test
  void closedManager_identityStillAnswers_andTheProviderHandsOutANewOne() {
    CacheManager manager = fixture.manager;
    manager.close();

    assertThat(manager.isClosed()).isTrue();
    assertThat(manager.getURI()).isNotNull();
    assertThat(manager.getClassLoader()).isNotNull();
    assertThat(manager.getProperties()).isNotNull();
    assertThat(manager.getCachingProvider()).isSameAs(fixture.provider);
    manager.close();
    CacheManager fresh = fixture.provider.getCacheManager(manager.getURI(),
        manager.getClassLoader());
    assertThat(fresh).isNotSameAs(manager);
    assertThat(fresh.isClosed()).isFalse();
    assertThat(fresh.getCache(cache.getName())).isNull();
    fresh.close();
  }
}
