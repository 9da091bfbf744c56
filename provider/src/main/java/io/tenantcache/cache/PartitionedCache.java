package io.tenantcache.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.load.LoadTarget;
import io.tenantcache.metrics.CacheStatistics;
import io.tenantcache.store.Expirable;
import io.tenantcache.store.TenantKey;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.cache.Cache;
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
 * <p>Each single-entry change is one atomic compute on the store; the writer runs inside it (so a
 * failed write leaves the entry as it was) and listeners run after it.
 */
public final class PartitionedCache<K, V> implements Cache<K, V>, TenantCache<K, V> {
  private final CacheCore<K, V> core;
  private final CacheLifecycle<K, V> lifecycle;
  private final Supplier<String> tenants;
  private final BulkOperations<K, V> bulk;
  private final EntryProcessing<K, V> processing;
  private final LoadTarget<K, V> loadTarget = new Loads();

  PartitionedCache(CacheCore<K, V> core, CacheLifecycle<K, V> lifecycle, Supplier<String> tenants) {
    this.core = core;
    this.lifecycle = lifecycle;
    this.tenants = tenants;
    this.bulk = new BulkOperations<>(core, this);
    this.processing = new EntryProcessing<>(core, this);
  }

  /** Returns the tenant this call acts for. */
  String tenant() {
    return tenants.get();
  }

  /** Returns where loads of this view store what they load. */
  LoadTarget<K, V> loadTarget() {
    return loadTarget;
  }

  /** Returns the view that events name as their source: the cache as its manager hands it out. */
  Cache<K, V> source() {
    return lifecycle.mainView();
  }

  @Override
  public @Nullable V get(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    long start = core.startTimer();
    String tenant = tenant();
    try {
      TenantKey<K> lookup = core.lookupKey(tenant, key);
      Expirable<V> entry = core.store.read(lookup);
      if (entry != null) {
        core.touch(lookup, entry);
        if (core.statisticsEnabled()) {
          core.statistics(tenant).recordHits(1);
          core.statistics(tenant).recordGetTime(System.nanoTime() - start);
        }
        return core.copyOut(entry);
      }
      if (core.statisticsEnabled()) {
        core.statistics(tenant).recordMisses(1);
      }
      V loaded = core.readThrough ? loadAndStore(tenant, key) : null;
      if (core.statisticsEnabled()) {
        core.statistics(tenant).recordGetTime(System.nanoTime() - start);
      }
      return loaded;
    } finally {
      core.events.dispatch();
    }
  }

  /** Loads a missing entry (coalesced with concurrent misses of it) and returns its value. */
  private @Nullable V loadAndStore(String tenant, K key) {
    V value = requireNonNull(core.loads).load(tenant, core.storedKey(tenant, key), loadTarget);
    return (value == null) ? null : core.copier.copy(value);
  }

  /** Stores what the load coordinator loaded, on behalf of this view. */
  private final class Loads implements LoadTarget<K, V> {
    @Override
    public TenantKey<K> storedKey(String tenant, K key) {
      return core.storedKey(tenant, key);
    }

    @Override
    public void storeLoaded(TenantKey<K> key, V value, BooleanSupplier current) {
      core.checkValue(value);
      try {
        core.store.computeLoaded(key, (k, present) -> (present != null || !current.getAsBoolean())
            ? present : createEntry(k.tenant(), k.key(), value, false));
      } finally {
        core.events.dispatch();
      }
    }

    @Override
    public @Nullable V staleValue(TenantKey<K> key) {
      V stale = core.store.stale(key);
      return (stale == null) ? null : core.copier.copy(stale);
    }

    @Override
    public void staleServed(String tenant) {
      if (core.statisticsEnabled()) {
        core.statistics(tenant).recordStaleLoads(1);
      }
    }
  }

  /**
   * Returns the entry to store for a newly created {@code value}, or null when the expiry policy
   * makes it expire at once; publishes the created event; calls the writer if {@code write}.
   */
  @Nullable Expirable<V> createEntry(String tenant, K key, V value, boolean write) {
    // Copy first: a value that cannot be copied must reach neither the writer nor listeners.
    V copy = core.copier.copy(value);
    if (write) {
      core.writer.write(tenant, key, value);
    }
    long now = core.store.now();
    long expireAt = core.expiry.onCreate(now);
    if (expireAt != Expirable.ETERNAL && expireAt - now <= 0) {
      return null;
    }
    core.events.publishCreated(source(), tenant, key, value);
    return new Expirable<>(copy, expireAt);
  }

  /** Returns the entry that replaces {@code present} with {@code value}; publishes the update. */
  Expirable<V> updateEntry(String tenant, K key, Expirable<V> present, V value, boolean write) {
    V copy = core.copier.copy(value);
    if (write) {
      core.writer.write(tenant, key, value);
    }
    long expireAt = core.expiry.onUpdate(core.store.now(), present.expireAt());
    core.events.publishUpdated(source(), tenant, key, present.value(), value);
    return new Expirable<>(copy, expireAt);
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
    putAndGet(key, value, false);
  }

  @Override
  public @Nullable V getAndPut(K key, V value) {
    return putAndGet(key, value, true);
  }

  private @Nullable V putAndGet(K key, V value, boolean countGet) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    core.checkKey(key);
    core.checkValue(value);
    long start = core.startTimer();
    String tenant = tenant();
    Object[] previous = new Object[1];
    boolean[] stored = new boolean[1];
    try {
      core.store.compute(core.storedKey(tenant, key), (k, present) -> {
        if (present == null) {
          Expirable<V> created = createEntry(tenant, key, value, true);
          stored[0] = (created != null);
          return created;
        }
        previous[0] = present.value();
        stored[0] = true;
        return updateEntry(tenant, key, present, value, true);
      });
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled()) {
      long elapsed = System.nanoTime() - start;
      if (countGet) {
        recordHitOrMiss(tenant, previous[0] != null);
        core.statistics(tenant).recordGetTime(elapsed);
      }
      if (stored[0]) {
        core.statistics(tenant).recordPuts(1);
        core.statistics(tenant).recordPutTime(elapsed);
      }
    }
    @SuppressWarnings("unchecked")
    V old = (V) previous[0];
    return (old == null) ? null : core.copier.copy(old);
  }

  private void recordHitOrMiss(String tenant, boolean hit) {
    if (hit) {
      core.statistics(tenant).recordHits(1);
    } else {
      core.statistics(tenant).recordMisses(1);
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    bulk.putAll(map);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    core.checkKey(key);
    core.checkValue(value);
    long start = core.startTimer();
    String tenant = tenant();
    boolean[] stored = new boolean[1];
    try {
      core.store.compute(core.storedKey(tenant, key), (k, present) -> {
        if (present != null) {
          return present;
        }
        Expirable<V> created = createEntry(tenant, key, value, true);
        stored[0] = (created != null);
        return created;
      });
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled()) {
      if (stored[0]) {
        core.statistics(tenant).recordPuts(1);
        core.statistics(tenant).recordMisses(1);
        core.statistics(tenant).recordPutTime(System.nanoTime() - start);
      } else {
        core.statistics(tenant).recordHits(1);
      }
    }
    return stored[0];
  }

  @Override
  public boolean remove(K key) {
    return removeAndGet(key) != null;
  }

  @Override
  public @Nullable V getAndRemove(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    String tenant = tenant();
    long start = core.startTimer();
    V removed = removeEntry(tenant, key);
    if (core.statisticsEnabled()) {
      recordHitOrMiss(tenant, removed != null);
      core.statistics(tenant).recordGetTime(System.nanoTime() - start);
    }
    return (removed == null) ? null : core.copier.copy(removed);
  }

  private @Nullable V removeAndGet(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    return removeEntry(tenant(), key);
  }

  /** Removes the entry (telling the writer even if there is none); returns the stored value. */
  @Nullable V removeEntry(String tenant, K key) {
    long start = core.startTimer();
    Object[] removed = new Object[1];
    try {
      core.store.compute(core.lookupKey(tenant, key), (k, present) -> {
        core.writer.delete(tenant, key);
        if (present != null) {
          removed[0] = present.value();
          core.events.publishRemoved(source(), tenant, key, present.value());
        }
        return null;
      });
    } finally {
      core.events.dispatch();
    }
    if (removed[0] != null && core.statisticsEnabled()) {
      core.statistics(tenant).recordRemovals(1);
      core.statistics(tenant).recordRemoveTime(System.nanoTime() - start);
    }
    @SuppressWarnings("unchecked")
    V value = (V) removed[0];
    return value;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    long start = core.startTimer();
    String tenant = tenant();
    TenantKey<K> lookup = core.lookupKey(tenant, key);
    // 0: absent, 1: present but different, 2: removed
    int[] outcome = new int[1];
    long[] touched = {-1};
    try {
      core.store.compute(lookup, (k, present) -> {
        if (present == null) {
          return null;
        }
        if (!present.value().equals(oldValue)) {
          outcome[0] = 1;
          touched[0] = core.expiry.onAccess(present, core.store.now());
          return present;
        }
        core.writer.delete(tenant, key);
        outcome[0] = 2;
        core.events.publishRemoved(source(), tenant, key, present.value());
        return null;
      });
      if (touched[0] != -1) {
        core.store.expiryChanged(lookup, touched[0]);
      }
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled()) {
      long elapsed = System.nanoTime() - start;
      recordHitOrMiss(tenant, outcome[0] != 0);
      core.statistics(tenant).recordGetTime(elapsed);
      if (outcome[0] == 2) {
        core.statistics(tenant).recordRemovals(1);
        core.statistics(tenant).recordRemoveTime(elapsed);
      }
    }
    return outcome[0] == 2;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    requireNonNull(newValue, "newValue");
    core.checkKey(key);
    core.checkValue(newValue);
    long start = core.startTimer();
    String tenant = tenant();
    TenantKey<K> lookup = core.lookupKey(tenant, key);
    int[] outcome = new int[1];
    long[] touched = {-1};
    try {
      core.store.compute(lookup, (k, present) -> {
        if (present == null) {
          return null;
        }
        if (!present.value().equals(oldValue)) {
          outcome[0] = 1;
          touched[0] = core.expiry.onAccess(present, core.store.now());
          return present;
        }
        outcome[0] = 2;
        return updateEntry(tenant, key, present, newValue, true);
      });
      if (touched[0] != -1) {
        core.store.expiryChanged(lookup, touched[0]);
      }
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled()) {
      long elapsed = System.nanoTime() - start;
      recordHitOrMiss(tenant, outcome[0] != 0);
      core.statistics(tenant).recordGetTime(elapsed);
      if (outcome[0] == 2) {
        core.statistics(tenant).recordPuts(1);
        core.statistics(tenant).recordPutTime(elapsed);
      }
    }
    return outcome[0] == 2;
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceAndGet(key, value) != null;
  }

  @Override
  public @Nullable V getAndReplace(K key, V value) {
    V old = replaceAndGet(key, value);
    return (old == null) ? null : core.copier.copy(old);
  }

  private @Nullable V replaceAndGet(K key, V value) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    core.checkKey(key);
    core.checkValue(value);
    long start = core.startTimer();
    String tenant = tenant();
    Object[] previous = new Object[1];
    try {
      core.store.compute(core.lookupKey(tenant, key), (k, present) -> {
        if (present == null) {
          return null;
        }
        previous[0] = present.value();
        return updateEntry(tenant, key, present, value, true);
      });
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled()) {
      long elapsed = System.nanoTime() - start;
      recordHitOrMiss(tenant, previous[0] != null);
      core.statistics(tenant).recordGetTime(elapsed);
      if (previous[0] != null) {
        core.statistics(tenant).recordPuts(1);
        core.statistics(tenant).recordPutTime(elapsed);
      }
    }
    @SuppressWarnings("unchecked")
    V old = (V) previous[0];
    return old;
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
    removeTenant(tenant());
  }

  /** Drops a tenant's entries; delivers the expired events of entries found expired meanwhile. */
  private void removeTenant(String tenant) {
    try {
      core.store.removeTenant(tenant);
    } finally {
      core.events.dispatch();
    }
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
  public Cache<K, V> forTenant(String tenant) {
    String id = Tenants.validate(tenant);
    return new PartitionedCache<>(core, lifecycle, () -> id);
  }

  @Override
  public Set<String> tenants() {
    core.requireOpen();
    try {
      return Set.copyOf(core.store.tenants());
    } finally {
      core.events.dispatch();
    }
  }

  @Override
  public void clearTenant(String tenant) {
    core.requireOpen();
    removeTenant(Tenants.validate(tenant));
  }

  @Override
  public TenantStatistics statistics(String tenant) {
    String id = Tenants.validate(tenant);
    CacheStatistics counters = core.statistics.peek(id);
    if (counters == null) {
      counters = new CacheStatistics();
    }
    long size;
    try {
      size = core.store.size(id);
    } finally {
      core.events.dispatch();
    }
    return new TenantStatistics(id, counters.hits(), counters.misses(), counters.puts(),
        counters.removals(), counters.evictions(), counters.expirations(), counters.loads(),
        counters.loadFailures(), counters.staleLoads(), size, counters.averageGetMicros(),
        counters.averagePutMicros(), counters.averageRemoveMicros(),
        counters.averageLoadMicros());
  }

  @Override
  public String toString() {
    return "PartitionedCache[" + core.name + "]";
  }
}
