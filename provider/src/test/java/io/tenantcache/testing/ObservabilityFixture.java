package io.tenantcache.testing;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantStatistics;
import io.tenantcache.spi.TenantCachingProvider;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A cache manager with properties of the test's choosing (metrics, table size) and a URI of its
 * own, with helpers for the observability tests: a fake ticker, the MXBean names, and a secret
 * key and value that no MBean or meter may ever show.
 */
public final class ObservabilityFixture implements AutoCloseable {
  /** A key that must never appear in an MBean attribute, a meter or a scrape. */
  public static final String SECRET_KEY = "secret-key-4711";

  /** A value that must never appear in an MBean attribute, a meter or a scrape. */
  public static final String SECRET_VALUE = "secret-value-0815";

  private static final AtomicLong MANAGERS = new AtomicLong();

  public final CacheFixture.FakeTicker ticker = new CacheFixture.FakeTicker();
  public final TenantCachingProvider provider = new TenantCachingProvider();
  public final URI uri;
  public final Properties properties;
  public TenantCacheManager manager;

  public ObservabilityFixture(Properties properties) {
    this(URI.create("urn:tenantcache:observability-" + MANAGERS.incrementAndGet() + "-"
        + UUID.randomUUID()), properties);
  }

  public ObservabilityFixture(URI uri, Properties properties) {
    this.uri = uri;
    this.properties = properties;
    this.manager = open();
  }

  /** Returns the manager for this fixture's URI and properties (a new one once it is closed). */
  public TenantCacheManager open() {
    manager = provider.getCacheManager(uri, ObservabilityFixture.class.getClassLoader(), properties)
        .unwrap(TenantCacheManager.class);
    return manager;
  }

  /** Starts a String cache configuration with statistics on and the fake ticker. */
  public TenantCacheConfiguration.Builder<String, String> builder() {
    return TenantCacheConfiguration.builder(String.class, String.class)
        .ticker(ticker)
        .statisticsEnabled(true)
        .managementEnabled(true);
  }

  public Cache<String, String> create(String name, TenantCacheConfiguration.Builder<String, String> builder) {
    return manager.createCache(name, builder.build());
  }

  @Override
  public void close() {
    try {
      manager.close();
    } finally {
      provider.close();
    }
  }

  public static Properties properties(Object... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  public static MBeanServer platform() {
    return ManagementFactory.getPlatformMBeanServer();
  }

  public ObjectName name(String domainAndType, String cache) throws Exception {
    return new ObjectName(domainAndType + ",CacheManager=" + sanitize(uri.toString())
        + ",Cache=" + sanitize(cache));
  }

  public ObjectName statisticsName(String cache) throws Exception {
    return name("javax.cache:type=CacheStatistics", cache);
  }

  public ObjectName configurationName(String cache) throws Exception {
    return name("javax.cache:type=CacheConfiguration", cache);
  }

  public ObjectName tenantStatisticsName(String cache) throws Exception {
    return name("io.tenantcache:type=TenantStatistics", cache);
  }

  public static String sanitize(String value) {
    return value.replaceAll("[,:=\n]", ".");
  }

  /** Loads "loaded-<key>", fails for keys starting with "fail". */
  public static class Loader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      if (key.startsWith("fail")) {
        throw new IllegalStateException("backend down");
      }
      return "loaded-" + key;
    }

    @Override
    public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
      java.util.Map<String, String> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
