package io.tenantcache.internal.manager;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.OnPublishFailure;
import io.tenantcache.internal.cache.CacheLifecycle;
import io.tenantcache.internal.config.DeclarativeConfiguration;
import io.tenantcache.internal.load.ResilienceRegistries;
import io.tenantcache.internal.management.ClusterMXBeanImpl;
import io.tenantcache.internal.management.MBeanRegistrar;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@link TenantCacheManager}: owns the named caches, the tenant resolution, the Resilience4j
 * registries and the Micrometer binding of one (class loader, URI) of the provider.
 *
 * <p>Thread-safe. Once closed, its caches are closed and every method but the getters of its
 * identity throws {@link IllegalStateException}.
 */
public final class CacheManagerImpl implements TenantCacheManager {
  private static final System.Logger LOGGER = System.getLogger(TenantCacheManager.class.getName());

  private final CachingProvider provider;
  private final Consumer<? super CacheManagerImpl> onClose;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final ConcurrentMap<String, CacheLifecycle<?, ?>> caches = new ConcurrentHashMap<>();
  private final TenantResolution tenants;
  private final ResilienceRegistries resilience;
  private final ManagerSettings settings;
  private final @Nullable ManagerMetrics metrics;
  private final @Nullable ClusterMembership cluster;
  private volatile boolean closed;

  /**
   * Opens a manager: reads its declarative configuration and creates the caches declared there.
   * {@code onClose} is told once when the manager closes (the provider forgets it then).
   *
   * @throws IllegalArgumentException naming the property whose value is not acceptable
   */
  public CacheManagerImpl(CachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties, Consumer<? super CacheManagerImpl> onClose) {
    // Declarative configuration: the file the URI names, else tenantcache.conf, if any, under
    // the HOCON text of the property tenantcache.configuration, if set.
    DeclarativeConfiguration declared = DeclarativeConfiguration.load(uri, classLoader,
        DeclarativeConfiguration.overlay(properties));
    this.provider = provider;
    this.onClose = onClose;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = declared.mergeUnder(properties); // explicit properties win over the file
    this.tenants = TenantResolution.from(uri.toString(), this.properties, classLoader);
    this.settings = ManagerSettings.from(this.properties);
    this.resilience = new ResilienceRegistries(uri.toString());
    this.metrics = settings.metricsEnabled()
        ? ManagerMetrics.create(uri.toString(), settings, resilience) : null;
    ClusterMembership joined = null;
    try {
      joined = ClusterMembership.join(uri.toString(), this.properties, classLoader, caches);
    } catch (RuntimeException e) {
      if (metrics != null) {
        metrics.close();
      }
      resilience.close();
      throw e;
    }
    this.cluster = joined;
    if (joined != null) {
      ClusterTransport transport = joined.transport();
      if (transport != null) {
        MBeanRegistrar.register(ClusterMXBeanImpl.name(uri.toString()),
            new ClusterMXBeanImpl(joined.settings().namespace(), transport,
                joined::openedSharedTier));
        ManagerMetrics meters = metrics;
        if (meters != null) {
          String namespace = joined.settings().namespace();
          joined.timeLagWith(meters.clusterJoined(transport, namespace));
          ClusterMembership member = joined;
          member.whenSharedTierOpens(tier ->
              member.timeSharedLookupsWith(meters.sharedTierOpened(tier, namespace)));
        }
      }
    }
    try {
      for (Map.Entry<String, TenantCacheConfiguration<?, ?>> cache : declared.caches().entrySet()) {
        createCache(cache.getKey(), cache.getValue());
      }
    } catch (RuntimeException e) {
      try {
        close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  @Override
  public CircuitBreakerRegistry circuitBreakers() {
    return resilience.circuitBreakers();
  }

  @Override
  public RetryRegistry retries() {
    return resilience.retries();
  }

  @Override
  public BulkheadRegistry bulkheads() {
    return resilience.bulkheads();
  }

  @Override
  public TimeLimiterRegistry timeLimiters() {
    return resilience.timeLimiters();
  }

  @Override
  public String currentTenant() {
    return tenants.get();
  }

  @Override
  public Set<String> tenants() {
    requireOpen();
    Set<String> all = new TreeSet<>();
    for (CacheLifecycle<?, ?> cache : caches.values()) {
      all.addAll(cache.mainView().tenants());
    }
    return Collections.unmodifiableSet(all);
  }

  @Override
  public void evictTenant(String tenant) {
    requireOpen();
    String id = Tenants.validate(tenant);
    for (CacheLifecycle<?, ?> cache : caches.values()) {
      cache.mainView().clearTenant(id);
    }
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  /**
   * Creates a cache. Any JCache {@link Configuration} is accepted (its settings are copied); pass a
   * {@link TenantCacheConfiguration} to set the size bound and TenantCache's own settings.
   *
   * @throws CacheException if a cache of that name exists already
   */
  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    requireNonNull(configuration, "configuration");
    TenantCacheConfiguration<K, V> snapshot = TenantCacheConfiguration.from(configuration).build();
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("cache '" + cacheName + "' already exists in CacheManager '" + uri
            + "'; use getCache to obtain it, or destroyCache it first");
      }
      CacheLifecycle<K, V> cache = CacheLifecycle.create(cacheName, this, snapshot, tenants,
          tenants.defaultTenant(), resilience, () -> caches.remove(cacheName),
          settings.tenantTableSize(),
          (cluster == null) ? null : cluster.transportFor(snapshot.getClusterMode()),
          (cluster == null) ? null : cluster.sharedTierFor(cacheName, snapshot.getClusterMode()),
          (cluster == null) ? OnPublishFailure.DEFER : cluster.settings().onPublishFailure());
      caches.put(cacheName, cache);
      bindMetrics(cache);
      return cache.mainView();
    }
  }

  private void bindMetrics(CacheLifecycle<?, ?> cache) {
    ManagerMetrics bound = metrics;
    if (bound != null) {
      try {
        bound.cacheCreated(cache);
      } catch (RuntimeException e) {
        LOGGER.log(System.Logger.Level.WARNING, "cache '" + cache.name() + "' of CacheManager '"
            + uri + "' works but has no meters: binding them failed", e);
      }
    }
  }

  /** Returns the cache of that name, or null (no checks: for metrics binders). */
  public @Nullable CacheLifecycle<?, ?> lifecycle(String cacheName) {
    return caches.get(cacheName);
  }

  /**
   * Returns the cache of that name, or null.
   *
   * @throws ClassCastException if the cache was configured with other key or value types
   */
  @Override
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType,
      Class<V> valueType) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    requireNonNull(keyType, "keyType");
    requireNonNull(valueType, "valueType");
    CacheLifecycle<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    TenantCacheConfiguration<?, ?> configuration =
        cache.mainView().getConfiguration(TenantCacheConfiguration.class);
    if (configuration.getKeyType() != keyType || configuration.getValueType() != valueType) {
      throw new ClassCastException("cache '" + cacheName + "' is configured for "
          + configuration.getKeyType().getName() + " -> " + configuration.getValueType().getName()
          + ", not " + keyType.getName() + " -> " + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache.mainView();
    return typed;
  }

  /** Returns the cache of that name, or null; no type check (JCache 1.1). */
  @Override
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    CacheLifecycle<?, ?> cache = caches.get(cacheName);
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (cache == null) ? null : (Cache<K, V>) cache.mainView();
    return typed;
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  /** Closes the cache of that name and drops all of its entries (every tenant's). */
  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    CacheLifecycle<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    CacheLifecycle<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    CacheLifecycle<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  /** Closes every cache of this manager (collecting their failures) and releases the manager. */
  @Override
  public void close() {
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.accept(this);
    List<RuntimeException> failures = new ArrayList<>();
    for (CacheLifecycle<?, ?> cache : List.copyOf(caches.values())) {
      try {
        cache.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    caches.clear();
    if (cluster != null) {
      try {
        MBeanRegistrar.unregister(ClusterMXBeanImpl.name(uri.toString()));
        cluster.leave();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (metrics != null) {
      try {
        metrics.close();
      } catch (RuntimeException e) {
        LOGGER.log(System.Logger.Level.WARNING, "removing the Resilience4j meters of CacheManager '"
            + uri + "' failed", e);
      }
    }
    resilience.close();
    if (!failures.isEmpty()) {
      CacheException failure = new CacheException("closing CacheManager '" + uri
          + "' failed for " + failures.size() + " cache(s)", failures.get(0));
      failures.subList(1, failures.size()).forEach(failure::addSuppressed);
      throw failure;
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz == ClusterTransport.class && cluster != null) {
      ClusterTransport transport = cluster.transport();
      if (transport != null) {
        return clazz.cast(transport);
      }
    }
    throw new IllegalArgumentException("a TenantCacheManager does not unwrap to " + clazz.getName()
        + ((clazz == ClusterTransport.class) ? " (it is not clustered: set "
        + TenantCacheProperties.CLUSTER_REDIS_URI + ")" : ""));
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager '" + uri + "' is closed; get a new one from "
          + "Caching.getCachingProvider().getCacheManager()");
    }
  }

  @Override
  public String toString() {
    return "TenantCacheManager[" + uri + "]";
  }
}
