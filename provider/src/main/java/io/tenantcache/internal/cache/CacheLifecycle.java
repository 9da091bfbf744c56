package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.Tenants;
import io.tenantcache.ValueCodec;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.OnPublishFailure;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.internal.cluster.InvalidationPublisher;
import io.tenantcache.internal.cluster.SharedLoader;
import io.tenantcache.internal.cluster.SharedValueForm;
import io.tenantcache.internal.copy.Copier;
import io.tenantcache.internal.copy.SerializingCopier;
import io.tenantcache.internal.event.EventDispatcher;
import io.tenantcache.internal.load.LoadCoordinator;
import io.tenantcache.internal.load.LoadPipeline;
import io.tenantcache.internal.load.ResilienceRegistries;
import io.tenantcache.internal.management.CacheMXBeanImpl;
import io.tenantcache.internal.management.CacheStatisticsMXBeanImpl;
import io.tenantcache.internal.management.MBeanRegistrar;
import io.tenantcache.internal.management.TenantStatisticsMXBeanImpl;
import io.tenantcache.internal.metrics.MeteredCache;
import io.tenantcache.internal.metrics.StatisticsRegistry;
import io.tenantcache.internal.store.ExpiryTimes;
import io.tenantcache.internal.store.Store;
import io.tenantcache.internal.store.StoreListener;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * Builds a cache from its configuration and owns what outlives a single call: listener
 * registration, the statistics and management switches with their MXBeans (the standard two and
 * the per-tenant {@code TenantStatisticsMXBean}, registered with the statistics one), and closing.
 * It also hands the cache's counters and sizes to meter binders ({@link #statistics()}, {@link
 * #size()}).
 */
public final class CacheLifecycle<K, V> implements MeteredCache {
  private static final System.Logger LOGGER = System.getLogger(CacheLifecycle.class.getName());

  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> mainView;
  private final RemoteChanges<K, V> remoteChanges;
  private final Runnable onClose;
  private final CacheCore.MBeanNames mbeanNames;
  private final ObjectName tenantStatisticsName;
  private final int tenantTableLimit;

  private CacheLifecycle(CacheCore<K, V> core, Supplier<String> tenants, Runnable onClose,
      int tenantTableLimit) {
    this.core = core;
    this.onClose = onClose;
    this.mbeanNames = core.mbeanNames();
    this.tenantStatisticsName = MBeanRegistrar.tenantStatisticsName(
        core.manager.getURI().toString(), core.name);
    this.tenantTableLimit = tenantTableLimit;
    this.mainView = new PartitionedCache<>(core, this, tenants);
    this.remoteChanges = new RemoteChanges<>(core);
  }

  /**
   * Creates a cache whose {@code TenantStatisticsMXBean} shows at most {@value
   * TenantStatisticsMXBeanImpl#DEFAULT_TABLE_LIMIT} tenants in its table.
   *
   * @see #create(String, CacheManager, TenantCacheConfiguration, Supplier, String,
   *     ResilienceRegistries, Runnable, int)
   */
  public static <K, V> CacheLifecycle<K, V> create(String name, CacheManager manager,
      TenantCacheConfiguration<K, V> configuration, Supplier<String> tenants,
      ResilienceRegistries registries, Runnable onClose) {
    return create(name, manager, configuration, tenants, Tenants.DEFAULT_TENANT, registries,
        onClose, TenantStatisticsMXBeanImpl.DEFAULT_TABLE_LIMIT);
  }

  /**
   * Creates a cache.
   *
   * @param tenants picks the tenant of each call of the main view
   * @param defaultTenant the tenant of calls that name none (its entries are the cheapest to hold)
   * @param onClose called once when the cache closes, to forget it in its manager
   * @param tenantTableLimit the most tenants the table of its {@code TenantStatisticsMXBean} shows
   */
  public static <K, V> CacheLifecycle<K, V> create(String name, CacheManager manager,
      TenantCacheConfiguration<K, V> configuration, Supplier<String> tenants,
      String defaultTenant, ResilienceRegistries registries, Runnable onClose,
      int tenantTableLimit) {
    return create(name, manager, configuration, tenants, defaultTenant, registries, onClose,
        tenantTableLimit, null, null, OnPublishFailure.DEFER);
  }

  /**
   * Creates a cache, clustered through {@code cluster} unless it is null.
   *
   * @param tenants picks the tenant of each call of the main view
   * @param defaultTenant the tenant of calls that name none (its entries are the cheapest to hold)
   * @param onClose called once when the cache closes, to forget it in its manager
   * @param tenantTableLimit the most tenants the table of its {@code TenantStatisticsMXBean} shows
   * @param cluster the transport that carries its changes to the other replicas, or null
   * @param shared the second tier of a cache in mode shared (of {@code cluster}), or null
   * @param onPublishFailure what its writes do while a change cannot be published
   */
  public static <K, V> CacheLifecycle<K, V> create(String name, CacheManager manager,
      TenantCacheConfiguration<K, V> configuration, Supplier<String> tenants,
      String defaultTenant, ResilienceRegistries registries, Runnable onClose,
      int tenantTableLimit, @Nullable ClusterTransport cluster, @Nullable SharedTier shared,
      OnPublishFailure onPublishFailure) {
    requireNonNull(name, "name");
    requireNonNull(configuration, "configuration");
    ClassLoader classLoader = manager.getClassLoader();
    Executor asyncExecutor = ForkJoinPool.commonPool();
    ExpiryTimes expiry = new ExpiryTimes(create(configuration.getExpiryPolicyFactory(), name,
        "expiry policy"));
    EventDispatcher<K, V> events = new EventDispatcher<>(asyncExecutor);
    StatisticsRegistry statistics = new StatisticsRegistry(defaultTenant);
    Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
    CacheLoader<K, V> ownLoader =
        (loaderFactory == null) ? null : create(loaderFactory, name, "CacheLoader");
    SerializingCopier wire = new SerializingCopier(classLoader, configuration.getSerialFilter());
    SharedValueForm<V> valueForm = (shared == null) ? null
        : new SharedValueForm<>(wire, codec(configuration, name), configuration.getValueType());
    CacheLoader<K, V> effectiveLoader = (shared == null || cluster == null) ? ownLoader
        : new SharedLoader<>(name, shared, ownLoader, wire, requireNonNull(valueForm), expiry,
            ticker(configuration));
    LoadPipeline<K, V> loader = (effectiveLoader == null) ? null
        : new LoadPipeline<>(name, effectiveLoader, statistics, configuration.getResilience(),
            registries);
    Factory<CacheWriter<? super K, ? super V>> writerFactory = configuration.getCacheWriterFactory();
    CacheWriter<? super K, ? super V> writer =
        (configuration.isWriteThrough() && writerFactory != null)
            ? create(writerFactory, name, "CacheWriter") : null;
    Copier copier = configuration.isStoreByValue()
        ? new SerializingCopier(classLoader, configuration.getSerialFilter()) : Copier.IDENTITY;

    LoadCoordinator<K, V> loads = (loader == null) ? null : new LoadCoordinator<>(name, loader);
    List<StoreListener<K, V>> storeListeners = new ArrayList<>();
    storeListeners.add(new DroppedEntries<>(events, statistics));
    if (loads != null) {
      storeListeners.add(loads);
    }
    InvalidationPublisher<K, V> publisher = (cluster == null) ? InvalidationPublisher.none()
        : new InvalidationPublisher<>(name, cluster, shared, wire, onPublishFailure);
    if (publisher.isClustered()) {
      storeListeners.add(publisher);
    }
    Store<K, V> store = Store.create(name, defaultTenant, configuration, expiry, storeListeners,
        publisher.isClustered());
    CacheCore<K, V> core = new CacheCore<>(name, manager, configuration, store, expiry, events,
        new WriteThrough<>(name, writer, store), loader, loads, copier, statistics,
        publisher);
    CacheLifecycle<K, V> lifecycle = new CacheLifecycle<>(core, tenants, onClose, tenantTableLimit);
    if (shared != null && cluster != null) {
      shared.attach(name, new SharedEntries<>(core, wire, requireNonNull(valueForm)));
    }
    events.attach(lifecycle.mainView());
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    statistics.catchUpWith(() -> {
      try {
        store.catchUp();
      } finally {
        events.dispatch();
      }
    });
    core.refreshReadPath();
    lifecycle.setStatisticsEnabled(configuration.isStatisticsEnabled());
    lifecycle.setManagementEnabled(configuration.isManagementEnabled());
    return lifecycle;
  }

  private static @Nullable ValueCodec codec(TenantCacheConfiguration<?, ?> configuration,
      String name) {
    Factory<? extends ValueCodec> factory = configuration.getValueCodecFactory();
    return (factory == null) ? null : create(factory, name, "ValueCodec");
  }

  private static LongSupplier ticker(TenantCacheConfiguration<?, ?> configuration) {
    Ticker ticker = configuration.getTicker();
    return (ticker == null) ? System::nanoTime : ticker::read;
  }

  private static <T> T create(Factory<T> factory, String cacheName, String what) {
    T created = factory.create();
    if (created == null) {
      throw new IllegalArgumentException("the " + what + " factory of cache '" + cacheName
          + "' returned null");
    }
    return created;
  }

  /**
   * Applies another replica's invalidation to this replica's entries (see {@code
   * ClusterReplica.apply}); publishes nothing back. A closed cache ignores it.
   */
  public void applyRemote(Invalidation invalidation) {
    remoteChanges.apply(invalidation);
  }

  /** Drops every entry and voids every load in flight, publishing nothing (a cluster repair). */
  public void dropAllLocally() {
    remoteChanges.apply(Invalidation.ofCache(core.name));
  }

  /** Returns whether the cache publishes its changes to other replicas. */
  public boolean isClustered() {
    return core.publisher.isClustered();
  }

  /** Returns the cache as its manager hands it out. */
  public PartitionedCache<K, V> mainView() {
    return mainView;
  }

  /** Returns the cache's name. */
  @Override
  public String name() {
    return core.name;
  }

  /** Returns the URI of the cache's manager, as a string. */
  @Override
  public String managerUri() {
    return core.manager.getURI().toString();
  }

  /** Returns the cache's counters (they count only while statistics are enabled). */
  @Override
  public StatisticsRegistry statistics() {
    return core.statistics;
  }

  /**
   * Returns the entries held over all tenants, once the evictions due have run (an estimate: may
   * count expired entries not yet dropped).
   */
  @Override
  public long size() {
    try {
      core.store.catchUp();
      return core.store.size();
    } finally {
      core.events.dispatch();
    }
  }

  /**
   * Returns the entries {@code tenant} holds, once the evictions due have run (an estimate: may
   * count expired entries no call has touched yet); cheaper than {@link #size(String)}.
   */
  @Override
  public long estimatedSize(String tenant) {
    try {
      return core.store.estimatedSize(tenant);
    } finally {
      core.events.dispatch();
    }
  }

  /**
   * Returns the entries {@code tenant} holds now (dropping expired ones first, whose events are
   * delivered as for any call).
   */
  public long size(String tenant) {
    try {
      return core.store.size(tenant);
    } finally {
      core.events.dispatch();
    }
  }

  /** Returns whether the cache has closed. */
  @Override
  public boolean isClosed() {
    return core.isClosed();
  }

  synchronized void registerListener(CacheEntryListenerConfiguration<K, V> listener) {
    core.events.register(listener);
    core.refreshReadPath();
    core.configuration(core.configuration().toBuilder().addListener(listener).build());
  }

  synchronized void deregisterListener(CacheEntryListenerConfiguration<K, V> listener) {
    core.events.deregister(listener);
    core.refreshReadPath();
    core.configuration(core.configuration().toBuilder().removeListener(listener).build());
  }

  /**
   * Turns statistics on or off, registering or unregistering the statistics MXBean and the
   * per-tenant statistics MXBean.
   */
  public synchronized void setStatisticsEnabled(boolean enabled) {
    core.requireOpen();
    core.statisticsEnabled(enabled);
    core.configuration(core.configuration().toBuilder().statisticsEnabled(enabled).build());
    if (enabled) {
      MBeanRegistrar.register(mbeanNames.statistics(), new CacheStatisticsMXBeanImpl(core.statistics));
      MBeanRegistrar.register(tenantStatisticsName,
          new TenantStatisticsMXBeanImpl(core.statistics, mainView, tenantTableLimit).asMBean());
    } else {
      MBeanRegistrar.unregister(mbeanNames.statistics());
      MBeanRegistrar.unregister(tenantStatisticsName);
    }
  }

  /** Turns management on or off, registering or unregistering the configuration MXBean. */
  public synchronized void setManagementEnabled(boolean enabled) {
    core.requireOpen();
    core.configuration(core.configuration().toBuilder().managementEnabled(enabled).build());
    if (enabled) {
      MBeanRegistrar.register(mbeanNames.configuration(), new CacheMXBeanImpl(core::configuration));
    } else {
      MBeanRegistrar.unregister(mbeanNames.configuration());
    }
  }

  /**
   * Closes the cache: no further calls, MXBeans unregistered, entries dropped, and the loader,
   * writer, expiry policy and listeners closed if they are {@link Closeable}. A {@code loadAll}
   * running in the background finishes first (close waits for it); one not yet started does not
   * run, and its listener gets an {@link IllegalStateException}. Idempotent.
   */
  public void close() {
    synchronized (this) {
      if (core.isClosed()) {
        return;
      }
      core.markClosed();
    }
    // Before anything is released: a running loadAll still calls the loader, stores and notifies.
    core.backgroundLoads.awaitRunning();
    List<RuntimeException> failures = new ArrayList<>();
    runCollecting(onClose, failures);
    runCollecting(() -> MBeanRegistrar.unregister(mbeanNames.statistics()), failures);
    runCollecting(() -> MBeanRegistrar.unregister(mbeanNames.configuration()), failures);
    runCollecting(() -> MBeanRegistrar.unregister(tenantStatisticsName), failures);
    runCollecting(core.statistics::closed, failures);
    runCollecting(core.events::close, failures);
    LoadPipeline<K, V> loader = core.loader;
    if (loader != null) {
      runCollecting(loader::close, failures);
    }
    closeQuietly(loader == null ? null : loader.loader());
    closeQuietly(core.writer.writer());
    closeQuietly(core.expiry.policy());
    core.store.invalidateAll();
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void runCollecting(Runnable action, List<RuntimeException> failures) {
    try {
      action.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  private void closeQuietly(@Nullable Object resource) {
    if (resource instanceof Closeable) {
      try {
        ((Closeable) resource).close();
      } catch (IOException | RuntimeException e) {
        LOGGER.log(Level.WARNING, "closing " + resource.getClass().getName() + " of cache '"
            + core.name + "' failed", e);
      }
    }
  }
}
