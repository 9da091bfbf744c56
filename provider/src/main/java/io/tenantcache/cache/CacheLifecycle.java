package io.tenantcache.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.copy.Copier;
import io.tenantcache.copy.SerializingCopier;
import io.tenantcache.event.EventDispatcher;
import io.tenantcache.load.LoadPipeline;
import io.tenantcache.load.ResilienceRegistries;
import io.tenantcache.management.CacheMXBeanImpl;
import io.tenantcache.management.CacheStatisticsMXBeanImpl;
import io.tenantcache.management.MBeanRegistrar;
import io.tenantcache.metrics.StatisticsRegistry;
import io.tenantcache.store.ExpiryTimes;
import io.tenantcache.store.Store;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * Builds a cache from its configuration and owns what outlives a single call: listener
 * registration, the statistics and management switches with their MXBeans, and closing.
 */
public final class CacheLifecycle<K, V> {
  private static final System.Logger LOGGER = System.getLogger(CacheLifecycle.class.getName());

  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> mainView;
  private final Runnable onClose;
  private final CacheCore.MBeanNames mbeanNames;

  private CacheLifecycle(CacheCore<K, V> core, Supplier<String> tenants, Runnable onClose) {
    this.core = core;
    this.onClose = onClose;
    this.mbeanNames = core.mbeanNames();
    this.mainView = new PartitionedCache<>(core, this, tenants);
  }

  /**
   * Creates a cache.
   *
   * @param tenants picks the tenant of each call of the main view
   * @param onClose called once when the cache closes, to forget it in its manager
   */
  public static <K, V> CacheLifecycle<K, V> create(String name, CacheManager manager,
      TenantCacheConfiguration<K, V> configuration, Supplier<String> tenants,
      ResilienceRegistries registries, Runnable onClose) {
    requireNonNull(name, "name");
    requireNonNull(configuration, "configuration");
    ClassLoader classLoader = manager.getClassLoader();
    Executor asyncExecutor = ForkJoinPool.commonPool();
    ExpiryTimes expiry = new ExpiryTimes(create(configuration.getExpiryPolicyFactory(), name,
        "expiry policy"));
    EventDispatcher<K, V> events = new EventDispatcher<>(asyncExecutor);
    StatisticsRegistry statistics = new StatisticsRegistry();
    Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
    LoadPipeline<K, V> loader = (loaderFactory == null) ? null
        : new LoadPipeline<>(name, create(loaderFactory, name, "CacheLoader"), statistics,
            configuration.getResilience(), registries);
    Factory<CacheWriter<? super K, ? super V>> writerFactory = configuration.getCacheWriterFactory();
    CacheWriter<? super K, ? super V> writer =
        (configuration.isWriteThrough() && writerFactory != null)
            ? create(writerFactory, name, "CacheWriter") : null;
    Copier copier = configuration.isStoreByValue()
        ? new SerializingCopier(classLoader) : Copier.IDENTITY;

    @SuppressWarnings("unchecked")
    CacheLifecycle<K, V>[] self = new CacheLifecycle[1];
    Store<K, V> store = Store.create(configuration, expiry,
        (key, value, expired) -> self[0].onEvicted(key.tenant(), key.key(), value, expired));
    CacheCore<K, V> core = new CacheCore<>(name, manager, configuration, store, expiry, events,
        new WriteThrough<>(name, writer), loader, copier, statistics);
    self[0] = new CacheLifecycle<>(core, tenants, onClose);
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    self[0].setStatisticsEnabled(configuration.isStatisticsEnabled());
    self[0].setManagementEnabled(configuration.isManagementEnabled());
    return self[0];
  }

  private static <T> T create(Factory<T> factory, String cacheName, String what) {
    T created = factory.create();
    if (created == null) {
      throw new IllegalArgumentException("the " + what + " factory of cache '" + cacheName
          + "' returned null");
    }
    return created;
  }

  private void onEvicted(String tenant, K key, V value, boolean expired) {
    if (expired) {
      core.events.publishExpired(mainView, tenant, key, value);
      if (core.statisticsEnabled()) {
        core.statistics(tenant).recordExpirations(1);
      }
    } else if (core.statisticsEnabled()) {
      core.statistics(tenant).recordEvictions(1);
    }
  }

  /** Returns the cache as its manager hands it out. */
  public PartitionedCache<K, V> mainView() {
    return mainView;
  }

  synchronized void registerListener(CacheEntryListenerConfiguration<K, V> listener) {
    core.events.register(listener);
    core.configuration(core.configuration().toBuilder().addListener(listener).build());
  }

  synchronized void deregisterListener(CacheEntryListenerConfiguration<K, V> listener) {
    core.events.deregister(listener);
    core.configuration(core.configuration().toBuilder().removeListener(listener).build());
  }

  /** Turns statistics on or off, registering or unregistering the statistics MXBean. */
  public synchronized void setStatisticsEnabled(boolean enabled) {
    core.requireOpen();
    core.statisticsEnabled(enabled);
    core.configuration(core.configuration().toBuilder().statisticsEnabled(enabled).build());
    if (enabled) {
      MBeanRegistrar.register(mbeanNames.statistics(), new CacheStatisticsMXBeanImpl(core.statistics));
    } else {
      MBeanRegistrar.unregister(mbeanNames.statistics());
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
   * writer, expiry policy and listeners closed if they are {@link Closeable}. Idempotent.
   */
  public void close() {
    synchronized (this) {
      if (core.isClosed()) {
        return;
      }
      core.markClosed();
    }
    List<RuntimeException> failures = new ArrayList<>();
    runCollecting(onClose, failures);
    runCollecting(() -> MBeanRegistrar.unregister(mbeanNames.statistics()), failures);
    runCollecting(() -> MBeanRegistrar.unregister(mbeanNames.configuration()), failures);
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
