package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.internal.load.LoadPipeline;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.TenantKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import org.jspecify.annotations.Nullable;

/** The multi-entry operations of a {@link PartitionedCache}: all act on one tenant's entries. */
final class BulkOperations<K, V> {
  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> cache;
  private final EntryChanges<K, V> changes;

  BulkOperations(CacheCore<K, V> core, PartitionedCache<K, V> cache, EntryChanges<K, V> changes) {
    this.core = core;
    this.cache = cache;
    this.changes = changes;
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    core.requireOpen();
    requireNoNulls(keys);
    long start = core.startTimer();
    String tenant = cache.tenant();
    Map<K, V> result = new HashMap<>(keys.size() * 2);
    List<K> missing = new ArrayList<>();
    try {
      for (K key : keys) {
        TenantKey<K> lookup = core.lookupKey(tenant, key);
        Expirable<V> entry = core.store.read(lookup);
        if (entry == null) {
          missing.add(key);
        } else {
          core.touch(lookup, entry);
          result.put(key, core.copyOut(entry));
        }
      }
      if (core.statisticsEnabled()) {
        core.statistics(tenant).recordHits(result.size());
        core.statistics(tenant).recordMisses(missing.size());
      }
      if (core.readThrough && !missing.isEmpty()) {
        Map<K, V> loaded;
        try {
          loaded = requireNonNull(core.loads).loadAll(tenant, missing, cache.loadTarget());
        } catch (CacheException e) {
          throw core.unlessClosed(e);
        }
        loaded.forEach((key, value) -> result.put(key, core.copier.copy(value)));
      }
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled()) {
      core.statistics(tenant).recordGetTime(CacheCore.elapsed(start));
    }
    return result;
  }

  /**
   * Stores a loaded value (no writer, no put statistic); unless {@code replace}, an entry stored
   * meanwhile wins. Returns the value the cache now holds for the key.
   */
  private V storeLoaded(String tenant, K key, V value, boolean replace) {
    core.checkValue(value);
    Object[] holds = {value};
    core.store.compute(core.storedKey(tenant, key), (k, present) -> {
      if (present == null) {
        return changes.create(tenant, key, value, false);
      }
      if (!replace) {
        holds[0] = core.copyOut(present);
        return present;
      }
      return changes.update(tenant, key, present, value, false);
    });
    @SuppressWarnings("unchecked")
    V held = (V) holds[0];
    return held;
  }

  void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      @Nullable CompletionListener listener) {
    core.requireOpen();
    requireNoNulls(keys);
    LoadPipeline<K, V> loader = core.loader;
    if (loader == null) {
      if (listener != null) {
        listener.onCompletion();
      }
      return;
    }
    String tenant = cache.tenant();
    List<K> requested = new ArrayList<>(keys);
    Runnable task = () -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
          if (replaceExistingValues || core.store.peek(core.lookupKey(tenant, key)) == null) {
            toLoad.add(key);
          }
        }
        if (!toLoad.isEmpty()) {
          Map<K, V> loaded = loader.loadAllNow(tenant, toLoad);
          try {
            for (K key : toLoad) {
              V value = loaded.get(key);
              if (value == null) {
                continue;
              }
              if (replaceExistingValues) {
                // A forced reload: other replicas drop their copies and read the new value too.
                storeLoaded(tenant, key, value, true);
              } else {
                // Values for absent keys are loads, here as on every replica: nothing to publish.
                core.publisher.silently(() -> storeLoaded(tenant, key, value, false));
              }
            }
          } finally {
            core.events.dispatch();
          }
        }
        if (listener != null) {
          listener.onCompletion();
        }
      } catch (Exception e) {
        if (listener != null) {
          listener.onException(e instanceof CacheLoaderException ? e
              : new CacheLoaderException("loadAll of cache '" + core.name + "' failed: " + e, e));
        }
      }
    };
    ForkJoinPool.commonPool().execute(() -> {
      // Close waits for a task that runs and stops one that has not started: the loader must not
      // be called once the cache has closed it.
      if (!core.backgroundLoads.runUnlessClosed(core::isClosed, task) && listener != null) {
        listener.onException(new IllegalStateException("cache '" + core.name + "' closed before "
            + "its loadAll ran; nothing was loaded"));
      }
    });
  }

  void putAll(Map<? extends K, ? extends V> map) {
    core.requireOpen();
    requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      K key = requireNonNull(entry.getKey(), "map holds a null key");
      V value = requireNonNull(entry.getValue(), "map holds a null value");
      core.checkKey(key);
      core.checkValue(value);
    }
    long start = core.startTimer();
    String tenant = cache.tenant();
    // Copied before anything is written, so that an entry that cannot be copied (store-by-value)
    // fails the call with nothing written or stored, as for a single put.
    Map<K, Stored<K, V>> copies = new LinkedHashMap<>();
    map.forEach((key, value) -> copies.put(key,
        new Stored<>(core.storedKey(tenant, key), core.copier.copy(value))));
    Map<K, V> toStore = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (core.writer.isEnabled()) {
      Collection<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
      toStore.forEach((key, value) -> unwritten.add(new SimpleEntry<>(key, value)));
      failure = core.writer.writeAll(tenant, unwritten);
      for (Cache.Entry<? extends K, ? extends V> entry : unwritten) {
        toStore.remove(entry.getKey());
      }
    }
    int puts = 0;
    try {
      for (Map.Entry<K, V> entry : toStore.entrySet()) {
        if (putWithoutWriter(tenant, entry.getKey(), entry.getValue(),
            requireNonNull(copies.get(entry.getKey())))) {
          puts++;
        }
      }
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled() && puts > 0) {
      core.statistics(tenant).recordPuts(puts);
      core.statistics(tenant).recordPutTime(CacheCore.elapsed(start));
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A key and value of {@code putAll} as they are stored (copies under store-by-value). */
  private record Stored<K, V>(TenantKey<K> key, V value) {}

  private boolean putWithoutWriter(String tenant, K key, V value, Stored<K, V> copy) {
    boolean[] stored = new boolean[1];
    core.store.compute(copy.key(), (k, present) -> {
      if (present == null) {
        Expirable<V> created = changes.create(tenant, key, value, copy.value(), false);
        stored[0] = (created != null);
        return created;
      }
      stored[0] = true;
      return changes.update(tenant, key, present, value, copy.value(), false);
    });
    return stored[0];
  }

  void removeAll(Set<? extends K> keys) {
    core.requireOpen();
    requireNoNulls(keys);
    removeAll(cache.tenant(), new LinkedHashSet<K>(keys));
  }

  void removeAll() {
    core.requireOpen();
    String tenant = cache.tenant();
    // Other replicas may hold keys this one does not: one invalidation of the tenant for all.
    core.publisher.tenantWide(tenant,
        () -> removeAll(tenant, new HashSet<>(core.store.keys(tenant))));
  }

  private void removeAll(String tenant, Set<K> keys) {
    long start = core.startTimer();
    Set<K> toRemove = keys;
    CacheWriterException failure = null;
    if (core.writer.isEnabled()) {
      Set<K> undeleted = new HashSet<>(keys);
      failure = core.writer.deleteAll(tenant, undeleted);
      toRemove = new HashSet<>(keys);
      toRemove.removeAll(undeleted);
    }
    int removals = 0;
    try {
      for (K key : toRemove) {
        Object[] removed = new Object[1];
        core.store.compute(core.lookupKey(tenant, key), (k, present) -> {
          if (present == null) {
            core.publisher.removedAbsent(k);
            return null;
          }
          removed[0] = present;
          changes.removed(tenant, key, present.value());
          return null;
        });
        if (removed[0] != null) {
          removals++;
        }
      }
    } finally {
      core.events.dispatch();
    }
    if (core.statisticsEnabled() && removals > 0) {
      core.statistics(tenant).recordRemovals(removals);
      core.statistics(tenant).recordRemoveTime(CacheCore.elapsed(start));
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Checks all keys before anything is done: none null, all of the cache's key type. */
  private void requireNoNulls(Set<? extends K> keys) {
    requireNonNull(keys, "keys");
    for (K key : keys) {
      requireNonNull(key, "keys holds a null key");
      core.checkKey(key);
    }
  }
}
