package io.tenantcache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link TenantCacheConfiguration.Builder} and their checks, apart from the
 * configuration they build. Each setter returns the builder ({@code B}), for chaining; a setting
 * that is out of range fails at once with an {@link IllegalArgumentException} that names it.
 *
 * @param <B> the builder type
 */
abstract class ConfigurationSettings<K, V, B extends ConfigurationSettings<K, V, B>> {
  static final long UNSET = TenantCacheConfiguration.UNSET;

  final Class<K> keyType;
  final Class<V> valueType;
  boolean storeByValue = true;
  boolean readThrough;
  boolean writeThrough;
  boolean statisticsEnabled;
  boolean managementEnabled;
  @Nullable Factory<CacheLoader<K, V>> loaderFactory;
  @Nullable Factory<CacheWriter<? super K, ? super V>> writerFactory;
  Factory<ExpiryPolicy> expiryPolicyFactory = EternalExpiryPolicy.factoryOf();
  final List<CacheEntryListenerConfiguration<K, V>> listenerConfigurations =
      new ArrayList<>();
  long maximumSize = UNSET;
  long maximumWeight = UNSET;
  @Nullable EntryWeigher<? super K, ? super V> weigher;
  long maximumSizePerTenant = UNSET;
  double maximumTenantShare;
  LoadResilience resilience = LoadResilience.NONE;
  @Nullable Ticker ticker;
  @Nullable Executor maintenanceExecutor;
  @Nullable String serialFilter;
  Duration refreshAfterWrite = Duration.ZERO;
  @Nullable ClusterMode clusterMode;
  @Nullable Factory<? extends ValueCodec> valueCodecFactory;

  ConfigurationSettings(Class<K> keyType, Class<V> valueType) {
    this.keyType = keyType;
    this.valueType = valueType;
  }

  /** Returns this, as the builder type. */
  abstract B self();


  /** Bounds the cache to {@code maximumSize} entries over all tenants (clears any weight bound). */
  public B maximumSize(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException(
          "maximumSize must be zero or positive, but was " + maximumSize);
    }
    this.maximumSize = maximumSize;
    this.maximumWeight = UNSET;
    this.weigher = null;
    return self();
  }

  /** Bounds the cache to a total weight over all tenants (clears any size bound). */
  public B maximumWeight(long maximumWeight, EntryWeigher<? super K, ? super V> weigher) {
    if (maximumWeight < 0) {
      throw new IllegalArgumentException(
          "maximumWeight must be zero or positive, but was " + maximumWeight);
    }
    this.maximumWeight = maximumWeight;
    this.weigher = requireNonNull(weigher, "weigher");
    this.maximumSize = UNSET;
    return self();
  }

  /**
   * Bounds each tenant to {@code maximumSizePerTenant} entries: a tenant over it loses its own
   * coldest entries first (clears any share set with {@link #maximumTenantShare}).
   */
  public B maximumSizePerTenant(long maximumSizePerTenant) {
    if (maximumSizePerTenant < 1) {
      throw new IllegalArgumentException(
          "maximumSizePerTenant must be positive, but was " + maximumSizePerTenant);
    }
    this.maximumSizePerTenant = maximumSizePerTenant;
    this.maximumTenantShare = 0;
    return self();
  }

  /**
   * Bounds each tenant to a share of the cache's maximum size, {@code 0 < share <= 1}: a tenant
   * over it loses its own coldest entries first (clears any {@link #maximumSizePerTenant}).
   */
  public B maximumTenantShare(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "maximumTenantShare must be > 0 and <= 1, but was " + share);
    }
    this.maximumTenantShare = share;
    this.maximumSizePerTenant = UNSET;
    return self();
  }

  /** Stores copies of keys and values (the JCache default) or the caller's references. */
  public B storeByValue(boolean storeByValue) {
    this.storeByValue = storeByValue;
    return self();
  }

  /** Sets the loader and turns read-through on. */
  public B readThrough(Factory<? extends CacheLoader<K, V>> loaderFactory) {
    return loader(loaderFactory).readThrough(true);
  }

  /** Sets the loader used by {@code loadAll} (and by {@code get} when read-through is on). */
  @SuppressWarnings("unchecked")
  public B loader(Factory<? extends CacheLoader<K, V>> loaderFactory) {
    this.loaderFactory = (Factory<CacheLoader<K, V>>) requireNonNull(loaderFactory, "loaderFactory");
    return self();
  }

  /** Turns read-through on or off; on needs a loader. */
  public B readThrough(boolean readThrough) {
    this.readThrough = readThrough;
    return self();
  }

  /** Sets the writer and turns write-through on. */
  @SuppressWarnings("unchecked")
  public B writeThrough(
      Factory<? extends CacheWriter<? super K, ? super V>> writerFactory) {
    this.writerFactory = (Factory<CacheWriter<? super K, ? super V>>)
        requireNonNull(writerFactory, "writerFactory");
    this.writeThrough = true;
    return self();
  }

  /** Sets the JCache expiry policy (eternal by default). */
  @SuppressWarnings("unchecked")
  public B expiryPolicy(Factory<? extends ExpiryPolicy> expiryPolicyFactory) {
    this.expiryPolicyFactory =
        (Factory<ExpiryPolicy>) requireNonNull(expiryPolicyFactory, "expiryPolicyFactory");
    return self();
  }

  /** Turns statistics (and their MXBean) on or off. */
  public B statisticsEnabled(boolean enabled) {
    this.statisticsEnabled = enabled;
    return self();
  }

  /** Turns the configuration MXBean on or off. */
  public B managementEnabled(boolean enabled) {
    this.managementEnabled = enabled;
    return self();
  }

  /** Adds a listener registration that the cache starts with. */
  public B addListener(CacheEntryListenerConfiguration<K, V> listener) {
    requireNonNull(listener, "listener");
    if (listenerConfigurations.contains(listener)) {
      throw new IllegalArgumentException("listener configuration already added: " + listener);
    }
    listenerConfigurations.add(listener);
    return self();
  }

  /** Removes a listener registration, if present. */
  public B removeListener(CacheEntryListenerConfiguration<K, V> listener) {
    listenerConfigurations.remove(listener);
    return self();
  }

  /** Guards read-through loads (timeout, retry, circuit breaker, bulkhead, stale-if-error). */
  public B resilience(LoadResilience resilience) {
    this.resilience = requireNonNull(resilience, "resilience");
    return self();
  }

  /**
   * Sets the filter that store-by-value copies are deserialized through, as a {@code
   * jdk.serialFilter} pattern (see {@link java.io.ObjectInputFilter.Config#createFilter}):
   * e.g. {@code "maxdepth=20;com.example.model.**;java.base/*;!*"} allows only those classes. A
   * key or value whose serialized form holds a rejected class, or goes past a limit, is not
   * stored: the call fails with {@link IllegalArgumentException} naming the class. The JVM-wide
   * filter ({@code -Djdk.serialFilter}), if any, applies too. Unset: {@link
   * TenantCacheConfiguration#DEFAULT_SERIAL_FILTER}.
   *
   * @throws IllegalArgumentException naming this setting if the pattern is malformed
   */
  public B serialFilter(String pattern) {
    SerialFilters.parse(requireNonNull(pattern, "serialFilter"));
    this.serialFilter = pattern;
    return self();
  }

  /**
   * Refreshes an entry ahead of expiry: a read of an entry written or loaded at least {@code
   * refreshAfterWrite} ago returns its value at once and starts one background reload of it (per
   * tenant and key) through the loader and its resilience; the reloaded value replaces it, a
   * failed reload keeps it, and a write during the reload wins. Needs a loader; {@link
   * Duration#ZERO} (the default) turns it off.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  public B refreshAfterWrite(Duration refreshAfterWrite) {
    requireNonNull(refreshAfterWrite, "refreshAfterWrite");
    if (refreshAfterWrite.isNegative()) {
      throw new IllegalArgumentException("refreshAfterWrite must not be negative, but was "
          + refreshAfterWrite);
    }
    this.refreshAfterWrite = refreshAfterWrite;
    return self();
  }

  /**
   * Sets this cache's {@link ClusterMode} in a clustered manager, over the manager's {@value
   * TenantCacheProperties#CLUSTER_MODE}; null (the default) takes the manager's. Ignored by a
   * manager that is not clustered.
   */
  public B clusterMode(@Nullable ClusterMode clusterMode) {
    this.clusterMode = clusterMode;
    return self();
  }

  /**
   * Sets how values of this cache cross the wire in cluster mode {@code shared} (every replica of
   * the cache must use the same); null (the default) is the provider's serialization, read back
   * through {@link #serialFilter}. Ignored in other modes.
   */
  public B valueCodec(@Nullable Factory<? extends ValueCodec> valueCodecFactory) {
    this.valueCodecFactory = valueCodecFactory;
    return self();
  }

  /** Sets the time source for expiry (nanoseconds); for tests. */
  public B ticker(Ticker ticker) {
    this.ticker = requireNonNull(ticker, "ticker");
    return self();
  }

  /**
   * Sets the executor that runs the cache's maintenance (evicting for size, dropping expired
   * entries nobody touches, applying reads to the eviction policy) in the background; by
   * default {@link java.util.concurrent.ForkJoinPool#commonPool()}. It must run each task on a
   * thread of its own and never reject one. {@code Runnable::run} makes every call run the
   * maintenance it causes before it returns: deterministic, for tests that check every
   * interleaving (a reader then does that work itself, and a full cache reads far slower).
   */
  public B maintenanceExecutor(Executor executor) {
    this.maintenanceExecutor = requireNonNull(executor, "maintenanceExecutor");
    return self();
  }
}
