package io.tenantcache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.cache.CacheLifecycle;
import io.tenantcache.config.DeclarativeConfiguration;
import io.tenantcache.load.ResilienceRegistries;
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
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * A TenantCache {@link CacheManager}: owns named caches, each partitioned by tenant. A call acts
 * for the tenant bound with {@link Tenants#bind}; with none bound, for the tenant its {@link
 * TenantResolver} names; with none resolved, as its {@link MissingTenantPolicy} says (by default:
 * the default tenant, {@value Tenants#DEFAULT_TENANT}).
 *
 * <p>Tenancy is set by the manager's properties (pass them to {@code
 * CachingProvider.getCacheManager(uri, classLoader, properties)}): {@value #TENANT_RESOLVER} (a
 * class name or a {@link TenantResolver} instance), {@value #MISSING_TENANT} ({@code default} or
 * {@code reject}) and {@value #DEFAULT_TENANT}.
 *
 * <p>Observability is set by the properties {@value #MANAGEMENT_TENANT_TABLE_SIZE} (the rows of each
 * cache's {@link TenantStatisticsMXBean} table) and, for Micrometer meters ({@link
 * TenantCacheMetrics} for every cache, Resilience4j's meters for {@link #resilience()}), {@value
 * #METRICS_ENABLED}, {@value #METRICS_REGISTRY}, {@value #METRICS_TENANT_TAG}, {@value
 * #METRICS_TENANT_CAP} and {@value #METRICS_LOAD_HISTOGRAM}. Micrometer needs to be on the
 * classpath only when metrics are on.
 *
 * <p>Thread-safe. Once closed, its caches are closed and every method but the getters of its
 * identity throws {@link IllegalStateException}; the provider then hands out a new manager for the
 * same URI and class loader.
 */
public final class TenantCacheManager implements CacheManager {
  /** Property: the {@link TenantResolver}, as a class name or an instance. */
  public static final String TENANT_RESOLVER = "tenantcache.tenancy.resolver";

  /** Property: the {@link MissingTenantPolicy}, {@code default} (the default) or {@code reject}. */
  public static final String MISSING_TENANT = "tenantcache.tenancy.missing-tenant";

  /** Property: the default tenant's id ({@value Tenants#DEFAULT_TENANT} unless set). */
  public static final String DEFAULT_TENANT = "tenantcache.tenancy.default-tenant";

  /**
   * Property: the most tenants the table of a cache's {@link TenantStatisticsMXBean} shows (the
   * most active ones), at least 1; 100 unless set.
   */
  public static final String MANAGEMENT_TENANT_TABLE_SIZE =
      "tenantcache.management.tenant-table-size";

  /**
   * Property: {@code true} binds Micrometer meters for every cache of the manager, and
   * Resilience4j's meters for its {@link #resilience()} registries, to {@value #METRICS_REGISTRY}
   * or else to Micrometer's {@code Metrics.globalRegistry}. Defaults to whether {@value
   * #METRICS_REGISTRY} is set; {@code false} turns metrics off even then.
   */
  public static final String METRICS_ENABLED = "tenantcache.metrics.enabled";

  /**
   * Property: the {@code io.micrometer.core.instrument.MeterRegistry} instance to bind meters to
   * (put it in the {@code Properties} as an object); setting it turns metrics on.
   */
  public static final String METRICS_REGISTRY = "tenantcache.metrics.registry";

  /** Property: {@code true} tags meters with {@code tenant}; {@code false} unless set. */
  public static final String METRICS_TENANT_TAG = "tenantcache.metrics.tenant-tag";

  /**
   * Property: with {@value #METRICS_TENANT_TAG}, how many tenants of a cache get a tag value of
   * their own (the first ones counted); later ones share {@value TenantCacheMetrics#OVERFLOW_TENANT}.
   * At least 0; 100 unless set.
   */
  public static final String METRICS_TENANT_CAP = "tenantcache.metrics.tenant-cap";

  /**
   * Property: {@code true} makes {@code cache.load.duration} a timer with a percentile histogram;
   * {@code false} (the default) a function timer over the statistics.
   */
  public static final String METRICS_LOAD_HISTOGRAM = "tenantcache.metrics.load-histogram";

  private static final System.Logger LOGGER = System.getLogger(TenantCacheManager.class.getName());

  private final TenantCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final ConcurrentMap<String, CacheLifecycle<?, ?>> caches = new ConcurrentHashMap<>();
  private final TenantResolution tenants;
  private final ResilienceRegistries resilience;
  private final ManagerSettings settings;
  private final @Nullable ManagerMetrics metrics;
  private volatile boolean closed;

  TenantCacheManager(TenantCachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties) {
    // Declarative configuration: the file the URI names, else tenantcache.conf, if any.
    DeclarativeConfiguration declared = DeclarativeConfiguration.load(uri, classLoader);
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = declared.mergeUnder(properties); // explicit properties win over the file
    this.tenants = TenantResolution.from(uri.toString(), this.properties, classLoader);
    this.settings = ManagerSettings.from(this.properties);
    this.resilience = new ResilienceRegistries(uri.toString());
    this.metrics = settings.metricsEnabled()
        ? ManagerMetrics.create(uri.toString(), settings, resilience) : null;
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

  /**
   * Returns the Resilience4j registries that hold this manager's circuit breakers, retries,
   * bulkheads and time limiters (named {@code <cache>} or {@code <cache>/<tenant>}), e.g. to bind
   * them to metrics.
   */
  public ResilienceRegistries resilience() {
    return resilience;
  }

  /** Returns the tenant that a call on this thread acts for now. */
  public String currentTenant() {
    return tenants.get();
  }

  /** Returns the tenants that hold entries in any of this manager's caches. */
  public Set<String> tenants() {
    requireOpen();
    Set<String> all = new TreeSet<>();
    for (CacheLifecycle<?, ?> cache : caches.values()) {
      all.addAll(cache.mainView().tenants());
    }
    return Collections.unmodifiableSet(all);
  }

  /**
   * Removes all of {@code tenant}'s entries from every cache of this manager (no writer, no
   * listeners), while other tenants keep working.
   *
   * @throws IllegalArgumentException if the tenant id is not valid
   */
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
          tenants.defaultTenant(), resilience, () -> caches.remove(cacheName), settings.tenantTableSize());
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
  @Nullable CacheLifecycle<?, ?> lifecycle(String cacheName) {
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
    provider.release(this);
    List<RuntimeException> failures = new ArrayList<>();
    for (CacheLifecycle<?, ?> cache : List.copyOf(caches.values())) {
      try {
        cache.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    caches.clear();
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
    throw new IllegalArgumentException("a TenantCacheManager does not unwrap to " + clazz.getName());
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
