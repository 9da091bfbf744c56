package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis
// compare.sh requires: pom.xml <artifactId>redisson</artifactId>

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * A JCache cache of {@code Integer} keys and values that lives in, or is clustered through, one
 * redis-server, by the name the Redis benchmarks' {@code provider} parameter uses:
 *
 * <ul>
 *   <li>{@code redisson}: Redisson's JCache provider ({@code org.redisson.jcache.JCachingProvider})
 *       on the server as a single server, with its defaults otherwise (Kryo 5 codec, connection
 *       pool). Every entry lives in Redis only: each get and put is a round trip (a Lua script).
 *       It is asked to store by reference, which it does not support and ignores.
 *   <li>{@code tenantcache-invalidate}: TenantCache clustered in mode {@code invalidate} through
 *       the server (as {@link ClusterBenchmark} sets it up): entries are held locally, each write
 *       publishes an invalidation to the other replicas.
 *   <li>{@code tenantcache-local}: the same TenantCache cache, not clustered.
 * </ul>
 */
final class RedisPeer implements AutoCloseable {
  /** Every peer's name, in the order the reports list them. */
  static final String ALL = "redisson,tenantcache-invalidate,tenantcache-local";

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final CacheManager manager;
  private final Cache<Integer, Integer> cache;
  private final boolean clustered;

  private RedisPeer(CacheManager manager, Cache<Integer, Integer> cache, boolean clustered) {
    this.manager = manager;
    this.cache = cache;
    this.clustered = clustered;
  }

  /**
   * Opens the peer named {@code provider} on the redis-server at {@code redisUri}, bounded (where
   * it can be) to {@link Workload#CAPACITY} entries, read-through from {@code loader} if it is not
   * null.
   */
  static RedisPeer open(String provider, String redisUri, CountingLoader loader) {
    int number = NUMBER.incrementAndGet();
    switch (provider) {
      case "redisson": {
        Config redissonConfig = new Config();
        redissonConfig.useSingleServer().setAddress(redisUri);
        MutableConfiguration<Integer, Integer> configuration =
            new MutableConfiguration<Integer, Integer>()
                .setTypes(Integer.class, Integer.class)
                .setStoreByValue(false);
        if (loader != null) {
          configuration.setReadThrough(true).setCacheLoaderFactory(loader.jcacheFactory());
        }
        // The provider's default manager has no Redisson of its own: the cache brings one.
        CacheManager manager =
            Caching.getCachingProvider("org.redisson.jcache.JCachingProvider").getCacheManager();
        Cache<Integer, Integer> cache = manager.createCache("peer-" + number,
            RedissonConfiguration.fromConfig(redissonConfig, configuration));
        return new RedisPeer(manager, cache, false);
      }
      case "tenantcache-invalidate":
      case "tenantcache-local": {
        boolean clustered = provider.equals("tenantcache-invalidate");
        Properties properties = new Properties();
        if (clustered) {
          properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redisUri);
          properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE,
              "peer-" + number + "-" + System.nanoTime());
        }
        CacheManager manager = Caching.getCachingProvider("io.tenantcache.spi.TenantCachingProvider")
            .getCacheManager(URI.create("urn:tenantcache:redis-peer-" + number),
                RedisPeer.class.getClassLoader(), properties);
        TenantCacheConfiguration.Builder<Integer, Integer> builder =
            TenantCacheConfiguration.builder(Integer.class, Integer.class)
                .maximumSize(Workload.CAPACITY)
                .storeByValue(false);
        if (loader != null) {
          builder.readThrough(loader.jcacheFactory());
        }
        return new RedisPeer(manager, manager.createCache("peer", builder.build()), clustered);
      }
      default:
        throw new IllegalArgumentException("unknown provider '" + provider + "'; known: " + ALL);
    }
  }

  Cache<Integer, Integer> cache() {
    return cache;
  }

  /** A clustered cache: waits until its outbox is empty and it is current. */
  void awaitSettled() throws InterruptedException {
    if (!clustered) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (status().outbox() > 0 || !status().current()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not settle: " + status());
      }
      Thread.sleep(10);
    }
  }

  /** The cluster's figures of a clustered cache, else an empty string. */
  String figures() {
    return clustered ? status().toString() : "";
  }

  private ClusterStatus status() {
    return manager.unwrap(ClusterTransport.class).status();
  }

  /** Closes the cache and its manager (Redisson's cache shuts down the client it started). */
  @Override
  public void close() {
    cache.close();
    manager.close();
  }
}
