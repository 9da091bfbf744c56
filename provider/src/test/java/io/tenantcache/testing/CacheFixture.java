package io.tenantcache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tenantcache.spi.TenantCachingProvider;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A TenantCachingProvider-backed CacheManager with a URI of its own (so MXBean names never clash
 * between tests), a fake ticker for every cache it builds, and helpers to act as a tenant.
 */
final class CacheFixture implements AutoCloseable {
  private static final AtomicLong MANAGERS = new AtomicLong();

  final FakeTicker ticker = new FakeTicker();
  final TenantCachingProvider provider = new TenantCachingProvider();
  final CacheManager manager;
  private final AtomicInteger caches = new AtomicInteger();

  CacheFixture() {
    URI uri = URI.create("urn:tenantcache:test-" + MANAGERS.incrementAndGet() + "-" + UUID.randomUUID());
    manager = provider.getCacheManager(uri, CacheFixture.class.getClassLoader());
  }

  /** Starts a configuration that uses this fixture's fake ticker. */
  <K, V> TenantCacheConfiguration.Builder<K, V> builder(Class<K> keyType, Class<V> valueType) {
    return TenantCacheConfiguration.builder(keyType, valueType).ticker(ticker);
  }

  /** Creates a cache with a fresh name from {@code builder}. */
  <K, V> Cache<K, V> create(TenantCacheConfiguration.Builder<K, V> builder) {
    return create(builder.build());
  }

  /** Creates a cache with a fresh name from any JCache configuration. */
  <K, V> Cache<K, V> create(Configuration<K, V> configuration) {
    return manager.createCache("cache-" + caches.incrementAndGet(), configuration);
  }

  /** Creates a String to String cache with the defaults (store-by-value, eternal, fake ticker). */
  Cache<String, String> strings() {
    return create(builder(String.class, String.class));
  }

  @Override
  public void close() {
    try {
      manager.close();
    } finally {
      provider.close();
    }
  }

  /** Returns the cross-tenant admin view of {@code cache}. */
  @SuppressWarnings("unchecked")
  static <K, V> TenantCache<K, V> admin(Cache<K, V> cache) {
    return cache.unwrap(TenantCache.class);
  }

  /** Returns {@code action}'s result computed with {@code tenant} bound. */
  /**
   * Waits for nothing: runs, on this thread, the evictions the cache's background maintenance has
   * not run yet (through {@code tenants()}, which settles the store before it answers).
   */
  static void settle(Cache<?, ?> cache) {
    admin(cache).tenants();
  }

  static <T> T as(String tenant, Supplier<T> action) {
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      return action.get();
    }
  }

  /** Returns every tenant's entries, read through {@code forTenant} views (sorted, for messages). */
  static <K, V> Map<String, Map<K, V>> contents(Cache<K, V> cache) {
    TenantCache<K, V> admin = admin(cache);
    Map<String, Map<K, V>> contents = new TreeMap<>();
    for (String tenant : admin.tenants()) {
      Map<K, V> entries = entries(admin.forTenant(tenant));
      if (!entries.isEmpty()) {
        contents.put(tenant, entries);
      }
    }
    return contents;
  }

  /** Returns the entries {@code cache}'s iterator yields for the tenant it acts for. */
  static <K, V> Map<K, V> entries(Cache<K, V> cache) {
    Map<K, V> entries = new HashMap<>();
    for (Cache.Entry<K, V> entry : cache) {
      entries.put(entry.getKey(), entry.getValue());
    }
    return entries;
  }

  /** Returns the standard JCache statistics MXBean name of {@code cache}. */
  ObjectName statisticsName(Cache<?, ?> cache) throws JMException {
    return new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + sanitize(manager.getURI().toString()) + ",Cache=" + sanitize(cache.getName()));
  }

  /** Reads one attribute of {@code cache}'s statistics MXBean from the platform MBeanServer. */
  Object statistic(Cache<?, ?> cache, String attribute) throws JMException {
    return ManagementFactory.getPlatformMBeanServer().getAttribute(statisticsName(cache), attribute);
  }

  private static String sanitize(String value) {
    return value.replaceAll("[,:=\n]", ".");
  }

  /** A ticker that stands still until a test advances it. */
  static final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(long amount, TimeUnit unit) {
      nanos.addAndGet(unit.toNanos(amount));
    }
  }
}
