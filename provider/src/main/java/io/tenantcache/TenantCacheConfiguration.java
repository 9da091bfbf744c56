package io.tenantcache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.EternalExpiryPolicy;
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
  public static final String DEFAULT_SERIAL_FILTER = String.join(";",
      "maxdepth=100", "maxarray=16777216", "maxrefs=10000000",
      "!org.apache.commons.collections.functors.*", "!org.apache.commons.collections4.functors.*",
      "!org.apache.commons.beanutils.**", "!org.apache.commons.fileupload.**",
      "!org.apache.commons.configuration.**", "!org.apache.commons.configuration2.**",
      "!org.codehaus.groovy.**", "!groovy.lang.**", "!org.springframework.beans.factory.**",
      "!org.springframework.aop.**", "!org.springframework.transaction.jta.**",
      "!com.sun.org.apache.xalan.**", "!org.apache.xalan.**", "!com.mchange.v2.c3p0.**",
      "!com.sun.rowset.**", "!com.sun.jndi.**", "!javax.naming.**", "!java.rmi.**",
      "!sun.rmi.**", "!javax.management.**", "!java.beans.**", "!sun.reflect.**",
      "!jdk.internal.**", "!sun.misc.**", "!bsh.**", "!clojure.**", "!org.python.**",
      "!org.mozilla.javascript.**", "!javax.script.**", "!org.hibernate.engine.spi.**",
      "!org.hibernate.tuple.**", "!net.sf.json.**", "!com.sun.syndication.**",
      "!com.rometools.rome.feed.impl.**", "!org.apache.myfaces.**", "!org.jboss.interceptor.**",
      "!org.jboss.weld.interceptor.**", "!com.vaadin.data.util.**",
      "!org.apache.wicket.util.upload.**", "!org.apache.tomcat.dbcp.**",
      "!org.apache.commons.dbcp.**", "!org.apache.commons.dbcp2.**", "!com.zaxxer.hikari.**",
      "!org.apache.click.control.**", "!org.apache.log4j.**", "!org.apache.logging.log4j.**");

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
        + ", writeThrough=" + writeThrough + ", statistics=" + statisticsEnabled
        + ", management=" + managementEnabled + ", listeners=" + listenerConfigurations.size() + "}";
  }

  /**
   * Returns the filter a {@link Builder#serialFilter(String) serialFilter} pattern makes.
   *
   * @throws IllegalArgumentException naming the setting if the pattern is malformed
   */
  public static ObjectInputFilter serialFilterOf(String pattern) {
    requireNonNull(pattern, "serialFilter");
    ObjectInputFilter created;
    try {
      created = ObjectInputFilter.Config.createFilter(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serialFilter '" + pattern + "' is not a valid "
          + "jdk.serialFilter pattern: " + e.getMessage(), e);
    }
    if (created == null) {
      throw new IllegalArgumentException("serialFilter is empty; give a jdk.serialFilter pattern, "
          + "e.g. \"com.example.**;!*\" to allow only your own classes");
    }
    return created;
  }

  /** Builds a {@link TenantCacheConfiguration}; not thread-safe. */
  public static final class Builder<K, V> {
    private final Class<K> keyType;
    private final Class<V> valueType;
    private boolean storeByValue = true;
    private boolean readThrough;
    private boolean writeThrough;
    private boolean statisticsEnabled;
    private boolean managementEnabled;
    private @Nullable Factory<CacheLoader<K, V>> loaderFactory;
    private @Nullable Factory<CacheWriter<? super K, ? super V>> writerFactory;
    private Factory<ExpiryPolicy> expiryPolicyFactory = EternalExpiryPolicy.factoryOf();
    private final List<CacheEntryListenerConfiguration<K, V>> listenerConfigurations =
        new ArrayList<>();
    private long maximumSize = UNSET;
    private long maximumWeight = UNSET;
    private @Nullable EntryWeigher<? super K, ? super V> weigher;
    private long maximumSizePerTenant = UNSET;
    private double maximumTenantShare;
    private LoadResilience resilience = LoadResilience.NONE;
    private @Nullable Ticker ticker;
    private @Nullable Executor maintenanceExecutor;
    private @Nullable String serialFilter;

    private Builder(Class<K> keyType, Class<V> valueType) {
      this.keyType = keyType;
      this.valueType = valueType;
    }

    /** Bounds the cache to {@code maximumSize} entries over all tenants (clears any weight bound). */
    public Builder<K, V> maximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException(
            "maximumSize must be zero or positive, but was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      this.maximumWeight = UNSET;
      this.weigher = null;
      return this;
    }

    /** Bounds the cache to a total weight over all tenants (clears any size bound). */
    public Builder<K, V> maximumWeight(long maximumWeight, EntryWeigher<? super K, ? super V> weigher) {
      if (maximumWeight < 0) {
        throw new IllegalArgumentException(
            "maximumWeight must be zero or positive, but was " + maximumWeight);
      }
      this.maximumWeight = maximumWeight;
      this.weigher = requireNonNull(weigher, "weigher");
      this.maximumSize = UNSET;
      return this;
    }

    /**
     * Bounds each tenant to {@code maximumSizePerTenant} entries: a tenant over it loses its own
     * coldest entries first (clears any share set with {@link #maximumTenantShare}).
     */
    public Builder<K, V> maximumSizePerTenant(long maximumSizePerTenant) {
      if (maximumSizePerTenant < 1) {
        throw new IllegalArgumentException(
            "maximumSizePerTenant must be positive, but was " + maximumSizePerTenant);
      }
      this.maximumSizePerTenant = maximumSizePerTenant;
      this.maximumTenantShare = 0;
      return this;
    }

    /**
     * Bounds each tenant to a share of the cache's maximum size, {@code 0 < share <= 1}: a tenant
     * over it loses its own coldest entries first (clears any {@link #maximumSizePerTenant}).
     */
    public Builder<K, V> maximumTenantShare(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "maximumTenantShare must be > 0 and <= 1, but was " + share);
      }
      this.maximumTenantShare = share;
      this.maximumSizePerTenant = UNSET;
      return this;
    }

    /** Stores copies of keys and values (the JCache default) or the caller's references. */
    public Builder<K, V> storeByValue(boolean storeByValue) {
      this.storeByValue = storeByValue;
      return this;
    }

    /** Sets the loader and turns read-through on. */
    public Builder<K, V> readThrough(Factory<? extends CacheLoader<K, V>> loaderFactory) {
      return loader(loaderFactory).readThrough(true);
    }

    /** Sets the loader used by {@code loadAll} (and by {@code get} when read-through is on). */
    @SuppressWarnings("unchecked")
    public Builder<K, V> loader(Factory<? extends CacheLoader<K, V>> loaderFactory) {
      this.loaderFactory = (Factory<CacheLoader<K, V>>) requireNonNull(loaderFactory, "loaderFactory");
      return this;
    }

    /** Turns read-through on or off; on needs a loader. */
    public Builder<K, V> readThrough(boolean readThrough) {
      this.readThrough = readThrough;
      return this;
    }

    /** Sets the writer and turns write-through on. */
    @SuppressWarnings("unchecked")
    public Builder<K, V> writeThrough(
        Factory<? extends CacheWriter<? super K, ? super V>> writerFactory) {
      this.writerFactory = (Factory<CacheWriter<? super K, ? super V>>)
          requireNonNull(writerFactory, "writerFactory");
      this.writeThrough = true;
      return this;
    }

    /** Sets the JCache expiry policy (eternal by default). */
    @SuppressWarnings("unchecked")
    public Builder<K, V> expiryPolicy(Factory<? extends ExpiryPolicy> expiryPolicyFactory) {
      this.expiryPolicyFactory =
          (Factory<ExpiryPolicy>) requireNonNull(expiryPolicyFactory, "expiryPolicyFactory");
      return this;
    }

    /** Turns statistics (and their MXBean) on or off. */
    public Builder<K, V> statisticsEnabled(boolean enabled) {
      this.statisticsEnabled = enabled;
      return this;
    }

    /** Turns the configuration MXBean on or off. */
    public Builder<K, V> managementEnabled(boolean enabled) {
      this.managementEnabled = enabled;
      return this;
    }

    /** Adds a listener registration that the cache starts with. */
    public Builder<K, V> addListener(CacheEntryListenerConfiguration<K, V> listener) {
      requireNonNull(listener, "listener");
      if (listenerConfigurations.contains(listener)) {
        throw new IllegalArgumentException("listener configuration already added: " + listener);
      }
      listenerConfigurations.add(listener);
      return this;
    }

    /** Removes a listener registration, if present. */
    public Builder<K, V> removeListener(CacheEntryListenerConfiguration<K, V> listener) {
      listenerConfigurations.remove(listener);
      return this;
    }

    /** Guards read-through loads (timeout, retry, circuit breaker, bulkhead, stale-if-error). */
    public Builder<K, V> resilience(LoadResilience resilience) {
      this.resilience = requireNonNull(resilience, "resilience");
      return this;
    }

    /**
     * Sets the filter that store-by-value copies are deserialized through, as a {@code
     * jdk.serialFilter} pattern (see {@link java.io.ObjectInputFilter.Config#createFilter}):
     * e.g. {@code "maxdepth=20;com.example.model.**;java.base/*;!*"} allows only those classes. A
     * key or value whose serialized form holds a rejected class, or goes past a limit, is not
     * stored: the call fails with {@link IllegalArgumentException} naming the class. The JVM-wide
     * filter ({@code -Djdk.serialFilter}), if any, applies too. Unset: {@link
     * #DEFAULT_SERIAL_FILTER}.
     *
     * @throws IllegalArgumentException naming this setting if the pattern is malformed
     */
    public Builder<K, V> serialFilter(String pattern) {
      serialFilterOf(requireNonNull(pattern, "serialFilter"));
      this.serialFilter = pattern;
      return this;
    }

    /** Sets the time source for expiry (nanoseconds); for tests. */
    public Builder<K, V> ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the executor that runs the cache's maintenance (evicting for size, dropping expired
     * entries nobody touches, applying reads to the eviction policy) in the background; by
     * default {@link java.util.concurrent.ForkJoinPool#commonPool()}. It must run each task on a
     * thread of its own and never reject one. {@code Runnable::run} makes every call run the
     * maintenance it causes before it returns: deterministic, for tests that check every
     * interleaving (a reader then does that work itself, and a full cache reads far slower).
     */
    public Builder<K, V> maintenanceExecutor(Executor executor) {
      this.maintenanceExecutor = requireNonNull(executor, "maintenanceExecutor");
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
