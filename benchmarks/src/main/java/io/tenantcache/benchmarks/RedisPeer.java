package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis
// compare.sh requires: pom.xml <artifactId>redisson</artifactId>
// compare.sh requires: provider/src/main/java/io/tenantcache/cluster/ClusterTransport.java sharedTier()

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.cluster.SharedTierStatus;
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
 *   <li>{@code tenantcache-shared}: TenantCache clustered in mode {@code shared} through the
 *       server: entries are held locally and in Redis (the second tier); a local miss reads Redis
 *       (one script, or one GET once the replica knows the tenant's epochs) before the loader,
 *       and only one replica loads a key Redis lacks; a write
 *       changes the local store at once and Redis later, from a queue (one script per key, with
 *       its invalidation).
 *   <li>{@code tenantcache-local}: the same TenantCache cache, not clustered.
 * </ul>
 *
 * <p>{@link #replica} opens another replica of the same cache, as another process would: for
 * Redisson a cache of the same name in a manager and Redisson client of its own, for TenantCache a
 * manager of its own in the same cluster namespace (for {@code tenantcache-local}, a cache of its
 * own that shares nothing).
 */
final class RedisPeer implements AutoCloseable {
  /** Every peer's name, in the order the reports list them. */
  static final String ALL =
      "redisson,tenantcache-shared,tenantcache-invalidate,tenantcache-local";

  /** The puts of {@link #populate} between two waits for Redis, in mode shared. */
  static final int POPULATE_STEP = 1_000;

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final String provider;
  private final String redisUri;
  private final String name;
  private final CacheManager manager;
  private final Cache<Integer, Integer> cache;

  private RedisPeer(String provider, String redisUri, String name, CacheManager manager,
      Cache<Integer, Integer> cache) {
    this.provider = provider;
    this.redisUri = redisUri;
    this.name = name;
    this.manager = manager;
    this.cache = cache;
  }

  /**
   * Opens the peer named {@code provider} on the redis-server at {@code redisUri}, bounded (where
   * it can be) to {@link Workload#CAPACITY} entries, read-through from {@code loader} if it is not
   * null.
   */
  static RedisPeer open(String provider, String redisUri, CountingLoader loader) {
    int number = NUMBER.incrementAndGet();
    String name = provider.startsWith("tenantcache-")
        ? "peer-" + number + "-" + System.nanoTime() : "peer-" + number;
    return open(provider, redisUri, name, loader, Workload.CAPACITY);
  }

  /**
   * Opens another replica of this peer's cache (see the class comment), bounded (where it can be)
   * to {@code maximumSize} entries, read-through from {@code loader} if it is not null.
   */
  RedisPeer replica(CountingLoader loader, long maximumSize) {
    return open(provider, redisUri, name, loader, maximumSize);
  }

  /**
   * Opens a replica of cache {@code name} (Redisson's cache name, or TenantCache's cluster
   * namespace) in a manager of its own.
   */
  private static RedisPeer open(String provider, String redisUri, String name,
      CountingLoader loader, long maximumSize) {
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
        // A manager per replica (the provider keeps one per URI; a URI that names no
        // configuration file gives a manager without a Redisson client): the cache brings one.
        CacheManager manager = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider")
            .getCacheManager(URI.create("urn:tenantcache-bench:redisson-" + number),
                RedisPeer.class.getClassLoader());
        Cache<Integer, Integer> cache = manager.createCache(name,
            RedissonConfiguration.fromConfig(redissonConfig, configuration));
        return new RedisPeer(provider, redisUri, name, manager, cache);
      }
      case "tenantcache-shared":
      case "tenantcache-invalidate":
      case "tenantcache-local": {
        Properties properties = new Properties();
        if (!provider.equals("tenantcache-local")) {
          properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redisUri);
          properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, name);
          properties.setProperty(TenantCacheProperties.CLUSTER_MODE,
              provider.substring("tenantcache-".length()));
        }
        CacheManager manager =
            Caching.getCachingProvider("io.tenantcache.spi.TenantCachingProvider")
                .getCacheManager(URI.create("urn:tenantcache:redis-peer-" + number),
                    RedisPeer.class.getClassLoader(), properties);
        TenantCacheConfiguration.Builder<Integer, Integer> builder =
            TenantCacheConfiguration.builder(Integer.class, Integer.class)
                .maximumSize(maximumSize)
                .storeByValue(false);
        if (loader != null) {
          builder.readThrough(loader.jcacheFactory());
        }
        return new RedisPeer(provider, redisUri, name, manager,
            manager.createCache("peer", builder.build()));
      }
      default:
        throw new IllegalArgumentException("unknown provider '" + provider + "'; known: " + ALL);
    }
  }

  Cache<Integer, Integer> cache() {
    return cache;
  }

  /**
   * Puts every key {@code 0 .. keys - 1} (key = value) from this thread and waits until the
   * cluster has settled (mode shared: Redis holds them all); returns the nanoseconds taken. Mode
   * shared: the puts go in steps of {@value #POPULATE_STEP}, each sent to Redis before the next,
   * so that the replica's queue of changes never reaches its capacity (10,000 unless set), past
   * which the queue becomes one clear of the whole cache.
   */
  long populate(int keys) throws InterruptedException {
    long start = System.nanoTime();
    for (int key = 0; key < keys; key++) {
      cache.put(key, key);
      if (shared() && (key + 1) % POPULATE_STEP == 0) {
        awaitSettled();
      }
    }
    awaitSettled();
    return System.nanoTime() - start;
  }

  private boolean clustered() {
    return provider.equals("tenantcache-invalidate") || provider.equals("tenantcache-shared");
  }

  private boolean shared() {
    return provider.equals("tenantcache-shared");
  }

  /**
   * A clustered cache: waits until its outbox is empty, it is current and (mode shared) every
   * change has been sent to Redis.
   */
  void awaitSettled() throws InterruptedException {
    if (!clustered()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (status().outbox() > 0 || !status().current()
        || (shared() && sharedStatus().pendingChanges() > 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not settle: " + figures());
      }
      Thread.sleep(10);
    }
  }

  /** The cluster's figures of a clustered cache (and its shared tier's), else an empty string. */
  String figures() {
    if (!clustered()) {
      return "";
    }
    return shared() ? status() + " " + sharedStatus() : status().toString();
  }

  private ClusterStatus status() {
    return manager.unwrap(ClusterTransport.class).status();
  }

  /** The shared tier's figures of a {@code tenantcache-shared} peer. */
  SharedTierStatus sharedStatus() {
    if (!shared()) {
      throw new IllegalStateException(provider + " keeps no shared tier");
    }
    SharedTier tier = manager.unwrap(ClusterTransport.class).sharedTier();
    if (tier == null) {
      throw new IllegalStateException(provider + ": the transport keeps no shared tier");
    }
    return tier.status();
  }

  /** Closes the cache and its manager (Redisson's cache shuts down the client it started). */
  @Override
  public void close() {
    cache.close();
    manager.close();
  }
}
