package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.internal.load.LoadCoordinator;
import io.tenantcache.internal.load.LoadTarget;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.TenantKey;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Cache} a TenantCache manager hands out. Every per-entry operation acts on the entries
 * of one tenant, which the view picks: the main view asks the cache manager (the bound tenant, a
 * resolver, or the default), a {@link #forTenant} view always uses the same one.
 *
 * <p>It is a façade: single-entry writes are {@link EntryWrites}, bulk operations {@link
 * BulkOperations}, entry processors {@link EntryProcessing}, the tenant operations {@link
 * TenantAdministration}; reads are here.
 */
public final class PartitionedCache<K, V> implements Cache<K, V>, TenantCache<K, V> {
  private final CacheCore<K, V> core;
  private final CacheLifecycle<K, V> lifecycle;
  private final Supplier<String> tenants;
  /** The tenant of a view made by {@link #forTenant}; null for the main view, which resolves it. */
  private final @Nullable String fixedTenant;
  private final BulkOperations<K, V> bulk;
  private final EntryProcessing<K, V> processing;
  private final EntryChanges<K, V> changes;
  private final EntryWrites<K, V> writes;
  private final AsyncReads<K, V> asyncReads;
  private final TenantAdministration<K, V> administration;
  private final LoadTarget<K, V> loadTarget;

  PartitionedCache(CacheCore<K, V> core, CacheLifecycle<K, V> lifecycle, Supplier<String> tenants) {
    this(core, lifecycle, tenants, null);
  }

  private PartitionedCache(CacheCore<K, V> core, CacheLifecycle<K, V> lifecycle,
      Supplier<String> tenants, @Nullable String fixedTenant) {
    this.core = core;
    this.lifecycle = lifecycle;
    this.tenants = tenants;
    this.fixedTenant = fixedTenant;
    this.changes = new EntryChanges<>(core);
    this.writes = new EntryWrites<>(core, this, changes);
    this.asyncReads = new AsyncReads<>(core, this);
    this.administration = new TenantAdministration<>(core);
    LoadedEntries<K, V> loaded = new LoadedEntries<>(core, changes);
    this.loadTarget = loaded;
    this.bulk = new BulkOperations<>(core, this, changes);
    this.processing = new EntryProcessing<>(core, this, changes, loaded);
  }

  /** Returns the tenant this call acts for. */
  String tenant() {
    String fixed = fixedTenant;
    return (fixed != null) ? fixed : tenants.get();
  }

  /** Starts a background refresh of {@code key}'s entry if it is due (refreshAfterWrite). */
  void refreshIfDue(String tenant, K key, Expirable<V> entry) {
    LoadCoordinator<K, V> loads = core.loads;
    if (core.refreshNanos != 0 && loads != null && entry.isRefreshDue(core.store.now())) {
      loads.refreshAhead(core.storedKey(tenant, key), loadTarget);
    }
  }

  /** Returns where loads of this view store what they load. */
  LoadTarget<K, V> loadTarget() {
    return loadTarget;
  }

  @Override
  public @Nullable V get(K key) {
    // The two by-reference paths are written out here, not called, so that this method stays
    // small enough to be inlined into its callers; two blocks rather than one that tests the path
    // twice, which measured slower (see the commit that made them).
    int path = core.readPath();
    if (path == CacheCore.BARE_HITS && key != null) {
      String tenant = tenant();
      core.checkKey(key);
      V value = core.store.readValue(tenant, key);
      return (value != null) ? value : missedAndDispatched(tenant, key, 0L);
    }
    if (path == CacheCore.COUNTED_HITS && key != null) {
      long start = core.startTimer();
      String tenant = tenant();
      core.checkKey(key);
      V value = core.store.readValue(tenant, key);
      if (value == null) {
        return missedAndDispatched(tenant, key, start);
      }
      core.recordHit(tenant, start);
      return value;
    }
    return (path == CacheCore.REFRESHING_HITS && key != null) ? getRefreshing(key) : getFully(key);
  }

  /**
   * A by-reference get of a cache with refresh-ahead: a hit reads the clock once, to start the
   * entry's background reload if it is due.
   */
  private @Nullable V getRefreshing(K key) {
    long start = core.startTimer();
    String tenant = tenant();
    core.checkKey(key);
    Expirable<V> entry = core.store.read(tenant, key);
    if (entry == null) {
      return missedAndDispatched(tenant, key, start);
    }
    refreshIfDue(tenant, key, entry);
    core.recordGet(tenant, start, true);
    return entry.value();
  }

  /** A miss of a by-reference get: counted, loaded if the cache reads through, its events sent. */
  private @Nullable V missedAndDispatched(String tenant, K key, long start) {
    try {
      return missed(tenant, key, start);
    } finally {
      core.events.dispatch();
    }
  }

  /** A get that may also publish, re-time and copy its entry (see {@link CacheCore#readPath()}). */
  private @Nullable V getFully(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    long start = core.startTimer();
    String tenant = tenant();
    try {
      core.checkKey(key);
      // No tenant key is made for a hit: the store looks the entry up by tenant and key.
      Expirable<V> entry = core.store.read(tenant, key);
      if (entry != null) {
        core.touch(tenant, key, entry);
        refreshIfDue(tenant, key, entry);
        core.recordGet(tenant, start, true);
        return core.copyOut(entry);
      }
      return missed(tenant, key, start);
    } finally {
      core.events.dispatch();
    }
  }

  /** Counts a miss begun at {@code start} and loads the entry if the cache reads through. */
  private @Nullable V missed(String tenant, K key, long start) {
    if (core.statisticsEnabled()) {
      core.statistics(tenant).recordMisses(1);
    }
    V loaded = core.readThrough ? loadAndStore(core.storedKey(tenant, key)) : null;
    if (core.statisticsEnabled()) {
      core.statistics(tenant).recordGetTime(CacheCore.elapsed(start));
    }
    return loaded;
  }

  /**
   * Loads the missing entry of {@code key} (as the store holds it: copied under store-by-value),
   * coalesced with concurrent misses of it, and returns its value.
   */
  private @Nullable V loadAndStore(TenantKey<K> key) {
    V value;
    try {
      value = requireNonNull(core.loads).load(key, loadTarget);
    } catch (CacheException e) {
      throw core.unlessClosed(e);
    }
    return (value == null) ? null : core.copier.copy(value);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    return bulk.getAll(keys);
  }

  @Override
  public boolean containsKey(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    return core.store.peek(core.lookupKey(tenant(), key)) != null;
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      @Nullable CompletionListener completionListener) {
    bulk.loadAll(keys, replaceExistingValues, completionListener);
  }

  @Override
  public void put(K key, V value) {
    writes.putAndGet(key, value, false);
  }

  @Override
  public @Nullable V getAndPut(K key, V value) {
    return writes.putAndGet(key, value, true);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    bulk.putAll(map);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    return writes.putIfAbsent(key, value);
  }

  @Override
  public boolean remove(K key) {
    return writes.removeAndGet(key) != null;
  }

  @Override
  public @Nullable V getAndRemove(K key) {
    return writes.getAndRemove(key);
  }

  /** Removes the entry (telling the writer even if there is none); returns the stored value. */
  @Nullable V removeEntry(String tenant, K key) {
    return writes.removeEntry(tenant, key);
  }

  @Override
  public boolean remove(K key, V oldValue) {
    return writes.remove(key, oldValue);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return writes.replace(key, oldValue, newValue);
  }

  @Override
  public boolean replace(K key, V value) {
    return writes.replaceAndGet(key, value) != null;
  }

  @Override
  public @Nullable V getAndReplace(K key, V value) {
    V old = writes.replaceAndGet(key, value);
    return (old == null) ? null : core.copier.copy(old);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    bulk.removeAll(keys);
  }

  @Override
  public void removeAll() {
    bulk.removeAll();
  }

  @Override
  public void clear() {
    core.requireOpen();
    administration.removeTenant(tenant());
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    requireNonNull(clazz, "clazz");
    Configuration<K, V> configuration = core.configuration();
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException("cache '" + core.name + "' has a "
        + configuration.getClass().getName() + ", which is not a " + clazz.getName());
  }

  @Override
  public <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments) {
    return processing.invoke(key, entryProcessor, arguments);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    return processing.invokeAll(keys, entryProcessor, arguments);
  }

  @Override
  public String getName() {
    return core.name;
  }

  @Override
  public CacheManager getCacheManager() {
    return core.manager;
  }

  @Override
  public void close() {
    lifecycle.close();
  }

  @Override
  public boolean isClosed() {
    return core.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cache '" + core.name + "' unwraps to " + getClass().getName()
        + " or TenantCache, not " + clazz.getName());
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    core.requireOpen();
    lifecycle.registerListener(configuration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    core.requireOpen();
    lifecycle.deregisterListener(configuration);
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    core.requireOpen();
    return new TenantEntryIterator<>(core, this, tenant());
  }

  // TenantCache: operations across tenants

  @Override
  public CompletableFuture<@Nullable V> getAsync(K key) {
    return asyncReads.getAsync(key);
  }

  @Override
  public CompletableFuture<Map<K, V>> getAllAsync(Set<? extends K> keys) {
    return asyncReads.getAllAsync(keys);
  }

  @Override
  public CompletableFuture<@Nullable V> refresh(K key) {
    return asyncReads.refresh(key);
  }

  @Override
  public Cache<K, V> forTenant(String tenant) {
    String id = Tenants.validate(tenant);
    return new PartitionedCache<>(core, lifecycle, () -> id, id);
  }

  @Override
  public Set<String> tenants() {
    return administration.tenants();
  }

  @Override
  public void clearTenant(String tenant) {
    administration.clearTenant(tenant);
  }

  @Override
  public TenantStatistics statistics(String tenant) {
    return administration.statistics(tenant);
  }

  @Override
  public String toString() {
    return "PartitionedCache[" + core.name + "]";
  }
}
