package io.tenantcache.redis;

import static org.awaitility.Awaitility.await;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.spi.TenantCachingProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Replicas of one service in this JVM: cache managers of their own (distinct URIs) that share one
 * cluster namespace, so that each is a member as a replica in its own process would be. The
 * coherence tests in child processes ({@code *IT}) check the same in real processes.
 */
final class Replicas implements AutoCloseable {
  static final String CACHE = "prices";

  private final CachingProvider provider =
      Caching.getCachingProvider(TenantCachingProvider.class.getName());
  private final String namespace = "test-" + UUID.randomUUID();
  private final List<CacheManager> managers = new ArrayList<>();
  private final String redisUri;

  Replicas(String redisUri) {
    this.redisUri = redisUri;
  }

  /** The replicas' namespace. */
  String namespace() {
    return namespace;
  }

  /** The properties of a replica of this namespace, for {@code redisUri}. */
  Properties properties(String uri) {
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, uri);
    properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, namespace);
    properties.setProperty(TenantCacheProperties.CLUSTER_MAX_STALENESS, "2s");
    return properties;
  }

  /** Starts a replica whose manager has {@code properties} on top of the defaults. */
  CacheManager start(Properties overrides) {
    Properties properties = properties(redisUri);
    properties.putAll(overrides);
    CacheManager manager = provider.getCacheManager(
        URI.create("urn:replica:" + UUID.randomUUID()), getClass().getClassLoader(), properties);
    managers.add(manager);
    return manager;
  }

  CacheManager start() {
    return start(new Properties());
  }

  /** Starts a replica with these property names and values ({@code name, value, ...}). */
  CacheManager start(String... namesAndValues) {
    Properties overrides = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      overrides.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return start(overrides);
  }

  /** The replica's cache of prices, created with {@code configuration}. */
  static Cache<String, String> prices(CacheManager manager,
      MutableConfiguration<String, String> configuration) {
    return manager.createCache(CACHE, configuration);
  }

  static Cache<String, String> prices(CacheManager manager) {
    return prices(manager, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  /** The cache as {@link TenantCache}: per-tenant views, tenant clear. */
  @SuppressWarnings("unchecked")
  static TenantCache<String, String> tenantCache(Cache<String, String> cache) {
    return cache.unwrap(TenantCache.class);
  }

  /**
   * Starts two replicas with the default settings and waits (at most {@code bound}) until both
   * are current; returns their managers (their caches are the test's to create).
   */
  List<CacheManager> startTwoCurrent(Duration bound) {
    List<CacheManager> two = List.of(start(), start());
    await().atMost(bound)
        .until(() -> status(two.get(0)).current() && status(two.get(1)).current());
    return two;
  }

  /** The cluster figures of a replica. */
  static ClusterStatus status(CacheManager manager) {
    return manager.unwrap(ClusterTransport.class).status();
  }

  @Override
  public void close() {
    for (CacheManager manager : managers) {
      manager.close();
    }
  }
}
