package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.internal.load.LoadCoordinator;
import io.tenantcache.internal.store.Expirable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The reads of a cache view that return futures: {@code getAsync}, {@code getAllAsync} and the
 * forced {@code refresh}. The tenant is the view's at the call; a hit completes at once, a miss
 * joins the load in flight for the key or starts one on the loader executor, so the caller's
 * thread never waits for a loader; the future completes on the thread that finishes the load.
 */
final class AsyncReads<K, V> {
  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> view;

  AsyncReads(CacheCore<K, V> core, PartitionedCache<K, V> view) {
    this.core = core;
    this.view = view;
  }

  CompletableFuture<@Nullable V> getAsync(K key) {
    int path = core.readPath();
    if ((path == CacheCore.BARE_HITS || path == CacheCore.COUNTED_HITS) && key != null) {
      // As get's fast paths: a hit is the store read of the value alone (and its counting).
      long start = core.startTimer();
      String tenant = view.tenant();
      core.checkKey(key);
      V value = core.store.readValue(tenant, key);
      if (value != null) {
        core.recordGet(tenant, start, true);
        return CompletableFuture.completedFuture(value);
      }
      return missed(tenant, key, start);
    }
    core.requireOpen();
    requireNonNull(key, "key");
    core.checkKey(key);
    String tenant = view.tenant();
    long start = core.startTimer();
    try {
      Expirable<V> entry = core.store.read(tenant, key);
      if (entry != null) {
        core.touch(tenant, key, entry);
        view.refreshIfDue(tenant, key, entry);
        core.recordGet(tenant, start, true);
        return CompletableFuture.completedFuture(core.copyOut(entry));
      }
      return missed(tenant, key, start);
    } finally {
      core.events.dispatch();
    }
  }

  /** Counts a miss and, if the cache reads through, joins or starts the key's load. */
  private CompletableFuture<@Nullable V> missed(String tenant, K key, long start) {
    core.recordGet(tenant, start, false);
    LoadCoordinator<K, V> loads = core.loads;
    if (!core.readThrough || loads == null) {
      return CompletableFuture.completedFuture(null);
    }
    return copied(loads.loadAsync(core.storedKey(tenant, key), view.loadTarget()));
  }

  CompletableFuture<Map<K, V>> getAllAsync(Set<? extends K> keys) {
    core.requireOpen();
    requireNonNull(keys, "keys");
    List<K> ordered = new ArrayList<>(keys.size());
    for (K key : keys) {
      ordered.add(requireNonNull(key, "a key of keys"));
    }
    List<CompletableFuture<@Nullable V>> values = new ArrayList<>(ordered.size());
    for (K key : ordered) {
      values.add(getAsync(key));
    }
    return CompletableFuture.allOf(values.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
      Map<K, V> found = new HashMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        V value = values.get(i).join();
        if (value != null) {
          found.put(ordered.get(i), value);
        }
      }
      return found;
    });
  }

  CompletableFuture<@Nullable V> refresh(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    core.checkKey(key);
    LoadCoordinator<K, V> loads = core.loads;
    if (loads == null) {
      throw new IllegalStateException("cache '" + core.name + "' has no CacheLoader, so it has "
          + "nothing to refresh from: configure one with readThrough(...) or loader(...)");
    }
    return copied(loads.refresh(core.storedKey(view.tenant(), key), view.loadTarget()));
  }

  /** A value for the caller: a copy under store-by-value, as {@code get} returns. */
  private CompletableFuture<@Nullable V> copied(CompletableFuture<@Nullable V> load) {
    return load.thenApply(value -> (value == null) ? null : core.copier.copy(value));
  }
}
