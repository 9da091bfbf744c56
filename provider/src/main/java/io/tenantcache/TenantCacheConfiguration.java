package io.tenantcache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one cache's configuration: everything JCache's {@link
 * CompleteConfiguration} holds, plus the bound on the cache's size.
 *
 * <p>Build one from scratch with {@link #builder(Class, Class)}, or from any JCache {@link
 * Configuration} (a {@code MutableConfiguration}, another provider's) with {@link
 * #from(Configuration)}, which copies every setting it knows. A cache created from a plain JCache
 * configuration is bounded to {@value #DEFAULT_MAXIMUM_SIZE} entries (over all tenants).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TenantCacheConfiguration<K, V> implements CompleteConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  /** The entry bound of a cache whose configuration does not set one. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  /**
   * The serial filter of a store-by-value cache that sets none ({@code jdk.serialFilter} syntax):
   * rejects the classes well-known deserialization gadget chains are built from and limits the
   * depth ({@code maxdepth=100}), array sizes ({@code maxarray=16777216}) and object count ({@code
   * maxrefs=10000000}) of a value; allows every other class.
   *
   * @see Builder#serialFilter(String)
   */
  public static final String DEFAULT_SERIAL_FILTER = SerialFilters.DEFAULT;

  /** Marks "no bound of this kind". */
  static final long UNSET = -1;

  private final Class<K> keyType;
  private final Class<V> valueType;
  private final boolean storeByValue;
  private final boolean readThrough;
  private final boolean writeThrough;
  private final boolean statisticsEnabled;
  private final boolean managementEnabled;
  private final @Nullable Factory<CacheLoader<K, V>> loaderFactory;
  private final @Nullable Factory<CacheWriter<? super K, ? super V>> writerFactory;
  private final Factory<ExpiryPolicy> expiryPolicyFactory;
  private final List<CacheEntryListenerConfiguration<K, V>> listenerConfigurations;
  private final long maximumSize;
  private final long maximumWeight;
  private final @Nullable EntryWeigher<? super K, ? super V> weigher;
  private final long maximumSizePerTenant;
  private final double maximumTenantShare;
  private final transient @Nullable LoadResilience resilience;
  private final transient @Nullable Ticker ticker;
  private final transient @Nullable Executor maintenanceExecutor;
  private final @Nullable String serialFilter;
  private final Duration refreshAfterWrite;
  private final @Nullable ClusterMode clusterMode;
  private final @Nullable Factory<? extends ValueCodec> valueCodecFactory;

  private TenantCacheConfiguration(Builder<K, V> builder) {
    keyType = builder.keyType;
    valueType = builder.valueType;
    storeByValue = builder.storeByValue;
    readThrough = builder.readThrough;
    writeThrough = builder.writeThrough;
    statisticsEnabled = builder.statisticsEnabled;
    managementEnabled = builder.managementEnabled;
    loaderFactory = builder.loaderFactory;
    writerFactory = builder.writerFactory;
    expiryPolicyFactory = builder.expiryPolicyFactory;
    listenerConfigurations = List.copyOf(builder.listenerConfigurations);
    maximumSize = builder.maximumSize;
    maximumWeight = builder.maximumWeight;
    weigher = builder.weigher;
    maximumSizePerTenant = builder.maximumSizePerTenant;
    maximumTenantShare = builder.maximumTenantShare;
    resilience = builder.resilience;
    ticker = builder.ticker;
    maintenanceExecutor = builder.maintenanceExecutor;
    serialFilter = builder.serialFilter;
    refreshAfterWrite = builder.refreshAfterWrite;
    clusterMode = builder.clusterMode;
    valueCodecFactory = builder.valueCodecFactory;
  }

  /** Starts a configuration for a cache of {@code keyType} to {@code valueType}. */
  public static <K, V> Builder<K, V> builder(Class<K> keyType, Class<V> valueType) {
    return new Builder<>(requireNonNull(keyType, "keyType"), requireNonNull(valueType, "valueType"));
  }

  /**
   * Starts a configuration that copies {@code configuration}: all of it if it is a {@link
   * CompleteConfiguration} (or one of ours), else its types and store-by-value setting.
   */
  public static <K, V> Builder<K, V> from(Configuration<K, V> configuration) {
    requireNonNull(configuration, "configuration");
    Builder<K, V> builder = builder(configuration.getKeyType(), configuration.getValueType());
    builder.storeByValue(configuration.isStoreByValue());
    if (configuration instanceof CompleteConfiguration) {
      CompleteConfiguration<K, V> complete = (CompleteConfiguration<K, V>) configuration;
      builder.readThrough = complete.isReadThrough();
      builder.writeThrough = complete.isWriteThrough();
      builder.statisticsEnabled = complete.isStatisticsEnabled();
      builder.managementEnabled = complete.isManagementEnabled();
      builder.loaderFactory = complete.getCacheLoaderFactory();
      builder.writerFactory = complete.getCacheWriterFactory();
      if (complete.getExpiryPolicyFactory() != null) {
        builder.expiryPolicyFactory = complete.getExpiryPolicyFactory();
      }
      for (CacheEntryListenerConfiguration<K, V> listener :
          complete.getCacheEntryListenerConfigurations()) {
        builder.addListener(listener);
      }
    }
    if (configuration instanceof TenantCacheConfiguration) {
      TenantCacheConfiguration<K, V> ours = (TenantCacheConfiguration<K, V>) configuration;
      builder.maximumSize = ours.maximumSize;
      builder.maximumWeight = ours.maximumWeight;
      builder.weigher = ours.weigher;
      builder.maximumSizePerTenant = ours.maximumSizePerTenant;
      builder.maximumTenantShare = ours.maximumTenantShare;
      builder.resilience = ours.getResilience();
      builder.ticker = ours.ticker;
      builder.maintenanceExecutor = ours.maintenanceExecutor;
      builder.serialFilter = ours.serialFilter;
      builder.refreshAfterWrite = ours.refreshAfterWrite;
      builder.clusterMode = ours.clusterMode;
      builder.valueCodecFactory = ours.valueCodecFactory;
    }
    return builder;
  }

  /** Returns a builder holding this configuration, to derive a changed copy. */
  public Builder<K, V> toBuilder() {
    return from(this);
  }

  @Override
  public Class<K> getKeyType() {
    return keyType;
  }

  @Override
  public Class<V> getValueType() {
    return valueType;
  }

  @Override
  public boolean isStoreByValue() {
    return storeByValue;
  }

  @Override
  public boolean isReadThrough() {
    return readThrough;
  }

  @Override
  public boolean isWriteThrough() {
    return writeThrough;
  }

  @Override
  public boolean isStatisticsEnabled() {
    return statisticsEnabled;
  }

  @Override
  public boolean isManagementEnabled() {
    return managementEnabled;
  }

  @Override
  public Iterable<CacheEntryListenerConfiguration<K, V>> getCacheEntryListenerConfigurations() {
    return listenerConfigurations;
  }

  @Override
  @SuppressWarnings("NullAway") // JCache's interface is not null-annotated; null means "none"
  public @Nullable Factory<CacheLoader<K, V>> getCacheLoaderFactory() {
    return loaderFactory;
  }

  @Override
  @SuppressWarnings("NullAway")
  public @Nullable Factory<CacheWriter<? super K, ? super V>> getCacheWriterFactory() {
    return writerFactory;
  }

  @Override
  public Factory<ExpiryPolicy> getExpiryPolicyFactory() {
    return expiryPolicyFactory;
  }

  /** Returns the maximum number of entries over all tenants, or -1 if the cache is bounded by weight. */
  public long getMaximumSize() {
    return (maximumSize == UNSET && maximumWeight == UNSET) ? DEFAULT_MAXIMUM_SIZE : maximumSize;
  }

  /** Returns the maximum total weight over all tenants, or -1 if the cache is bounded by size. */
  public long getMaximumWeight() {
    return maximumWeight;
  }

  /** Returns the weigher that goes with {@link #getMaximumWeight()}, or null. */
  public @Nullable EntryWeigher<? super K, ? super V> getWeigher() {
    return weigher;
  }

  /**
   * Returns how many entries one tenant may hold before it loses its own coldest entries, or -1
   * for no per-tenant bound (only the cache's bound applies).
   */
  public long getTenantQuota() {
    if (maximumSizePerTenant != UNSET) {
      return maximumSizePerTenant;
    }
    if (maximumTenantShare > 0) {
      return Math.max(1, (long) Math.floor(getMaximumSize() * maximumTenantShare));
    }
    return UNSET;
  }

  /** Returns how read-through loads are guarded ({@link LoadResilience#NONE} by default). */
  public LoadResilience getResilience() {
    return (resilience == null) ? LoadResilience.NONE : resilience;
  }

  /** Returns the time source for expiry, or null for the system's. */
  public @Nullable Ticker getTicker() {
    return ticker;
  }

  /**
   * Returns how long after an entry was written or loaded a read refreshes it in the background
   * (while returning the value it has); {@link Duration#ZERO} for never.
   */
  public Duration getRefreshAfterWrite() {
    return refreshAfterWrite;
  }

  /** Returns this cache's own cluster mode, or null for the manager's. */
  public @Nullable ClusterMode getClusterMode() {
    return clusterMode;
  }

  /**
   * Returns the factory of the codec of this cache's values in cluster mode shared, or null for
   * the provider's serialization.
   */
  public @Nullable Factory<? extends ValueCodec> getValueCodecFactory() {
    return valueCodecFactory;
  }

  /**
   * Returns the executor of the cache's background maintenance, or null for the default ({@link
   * java.util.concurrent.ForkJoinPool#commonPool()}).
   */
  public @Nullable Executor getMaintenanceExecutor() {
    return maintenanceExecutor;
  }

  /**
   * Returns the serial filter that store-by-value copies are deserialized through ({@code
   * jdk.serialFilter} syntax): the one set with {@link Builder#serialFilter}, else {@link
   * #DEFAULT_SERIAL_FILTER}.
   */
  public String getSerialFilter() {
    return (serialFilter == null) ? DEFAULT_SERIAL_FILTER : serialFilter;
  }

  @Override
  public String toString() {
    return "TenantCacheConfiguration{" + keyType.getName() + " -> " + valueType.getName()
        + ", maximumSize=" + getMaximumSize() + ", maximumWeight=" + maximumWeight
        + ", tenantQuota=" + getTenantQuota() + ", resilience=" + getResilience()
        + ", storeByValue=" + storeByValue
        + (storeByValue ? ", serialFilter=" + (serialFilter == null ? "default" : "custom") : "")
        + ", readThrough=" + readThrough
        + (refreshAfterWrite.isZero() ? "" : ", refreshAfterWrite=" + refreshAfterWrite)
        + ((clusterMode == null) ? "" : ", clusterMode=" + clusterMode)
        + ", writeThrough=" + writeThrough + ", statistics=" + statisticsEnabled
        + ", management=" + managementEnabled + ", listeners=" + listenerConfigurations.size() + "}";
  }

  /** Builds a {@link TenantCacheConfiguration}; not thread-safe. */
  public static final class Builder<K, V> extends ConfigurationSettings<K, V, Builder<K, V>> {
    private Builder(Class<K> keyType, Class<V> valueType) {
      super(keyType, valueType);
    }

    @Override
    Builder<K, V> self() {
      return this;
    }

    /**
     * Returns the configuration. Read-through without a loader reads nothing, as in JCache.
     *
     * @throws IllegalArgumentException if a tenant share is combined with a weight bound
     */
    public TenantCacheConfiguration<K, V> build() {
      if (maximumTenantShare > 0 && maximumWeight != UNSET) {
        throw new IllegalArgumentException("maximumTenantShare is a share of maximumSize; with "
            + "maximumWeight use maximumSizePerTenant instead");
      }
      return new TenantCacheConfiguration<>(this);
    }
  }
}
