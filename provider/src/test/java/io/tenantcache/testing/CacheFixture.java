package io.tenantcache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.Tenants;
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
public final class CacheFixture implements AutoCloseable {
  private static final AtomicLong MANAGERS = new AtomicLong();

  public final FakeTicker ticker = new FakeTicker();
  public final TenantCachingProvider provider = new TenantCachingProvider();
  public final CacheManager manager;
  private final AtomicInteger caches = new AtomicInteger();

  public CacheFixture() {
    URI uri =
        URI.create("urn:tenantcache:test-" + MANAGERS.incrementAndGet() + "-" + UUID.randomUUID());
    manager = provider.getCacheManager(uri, CacheFixture.class.getClassLoader());
  }

  /** Starts a configuration that uses this fixture's fake ticker. */
  public <K, V> TenantCacheConfiguration.Builder<K, V> builder(Class<K> keyType, Class<V> valueType) {
    return TenantCacheConfiguration.builder(keyType, valueType).ticker(ticker);
  }

  /** Creates a cache with a fresh name from {@code builder}. */
  public <K, V> Cache<K, V> create(TenantCacheConfiguration.Builder<K, V> builder) {
    return create(builder.build());
  }

  /** Creates a cache with a fresh name from any JCache configuration. */
  public <K, V> Cache<K, V> create(Configuration<K, V> configuration) {
    return manager.createCache("cache-" + caches.incrementAndGet(), configuration);
  }

  /** Creates a String to String cache with the defaults (store-by-value, eternal, fake ticker). */
  public Cache<String, String> strings() {
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
  public static <K, V> TenantCache<K, V> admin(Cache<K, V> cache) {
    return cache.unwrap(TenantCache.class);
  }

  /** Returns {@code action}'s result computed with {@code tenant} bound. */
  /**
   * Waits for nothing: runs, on this thread, the evictions the cache's background maintenance has
   * not run yet (through {@code tenants()}, which settles the store before it answers).
   */
  public static void settle(Cache<?, ?> cache) {
    admin(cache).tenants();
  }

  public static <T> T as(String tenant, Supplier<T> action) {
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      return action.get();
    }
  }

  /** Returns every tenant's entries, read through {@code forTenant} views (sorted, for messages). */
  public static <K, V> Map<String, Map<K, V>> contents(Cache<K, V> cache) {
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

  /**
   * Seeds {@code cache}: for each tenant, key {@code "k"} with the value {@code "<tenant>-v"}.
   * Returns the cache's content then, for {@link #assertUnchanged} after a failure.
   */
  public static Map<String, Map<String, String>> seed(Cache<String, String> cache,
      String... tenants) {
    for (String tenant : tenants) {
      Tenants.run(tenant, () -> cache.put("k", tenant + "-v"));
    }
    return contents(cache);
  }

  /** Asserts that {@code cache} holds exactly {@code before} (see {@link #contents}). */
  public static <K, V> void assertUnchanged(Cache<K, V> cache, Map<String, Map<K, V>> before) {
    assertThat(contents(cache)).as("the cache's content after the failure").isEqualTo(before);
  }

  /** Returns the entries {@code cache}'s iterator yields for the tenant it acts for. */
  public static <K, V> Map<K, V> entries(Cache<K, V> cache) {
    Map<K, V> entries = new HashMap<>();
    for (Cache.Entry<K, V> entry : cache) {
      entries.put(entry.getKey(), entry.getValue());
    }
    return entries;
  }

  /** Returns the standard JCache statistics MXBean name of {@code cache}. */
  public ObjectName statisticsName(Cache<?, ?> cache) throws JMException {
    return new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + sanitize(manager.getURI().toString()) + ",Cache=" + sanitize(cache.getName()));
  }

  /** Reads one attribute of {@code cache}'s statistics MXBean from the platform MBeanServer. */
  public Object statistic(Cache<?, ?> cache, String attribute) throws JMException {
    return ManagementFactory.getPlatformMBeanServer().getAttribute(statisticsName(cache), attribute);
  }

  private static String sanitize(String value) {
    return value.replaceAll("[,:=\n]", ".");
  }

  /** A ticker that stands still until a test advances it. */
  public static final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    public void advance(long amount, TimeUnit unit) {
      nanos.addAndGet(unit.toNanos(amount));
    }
  }
}
