package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.internal.store.Expirable;
import org.jspecify.annotations.Nullable;

/**
 * The single-entry writes of a cache view: put, putIfAbsent, the removes and the replaces. Each
 * is one atomic compute on the store (or one map write when nothing else runs); the writer runs
 * inside it, so a failed write leaves the entry as it was, and listeners run after it.
 */
final class EntryWrites<K, V> {
  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> view;
  private final EntryChanges<K, V> changes;

  EntryWrites(CacheCore<K, V> core, PartitionedCache<K, V> view, EntryChanges<K, V> changes) {
    this.core = core;
    this.view = view;
    this.changes = changes;
  }

  @Nullable V putAndGet(K key, V value, boolean countGet) {
    checkEntry(key, value);
    long start = core.startTimer();
    String tenant = view.tenant();
    if (core.plainWrites()) {
      // Nothing to call or publish: one map write, no compute.
      Expirable<V> replaced = core.store.put(core.storedKey(tenant, key),
          Expirable.of(core.copier.copy(value), Expirable.ETERNAL, false));
      if (countGet) {
        core.recordGet(tenant, start, replaced != null);
      }
      core.recordPut(tenant, start);
      return (replaced == null) ? null : core.copyOut(replaced);
    }
    Object[] previous = new Object[1];
    boolean[] stored = new boolean[1];
    try {
      core.store.compute(core.storedKey(tenant, key), (k, present) -> {
        if (present == null) {
          Expirable<V> created = changes.create(tenant, key, value, true);
          stored[0] = (created != null);
          return created;
        }
        previous[0] = present.value();
        stored[0] = true;
        return changes.update(tenant, key, present, value, true);
      });
    } finally {
      core.events.dispatch();
    }
    if (countGet) {
      core.recordGet(tenant, start, previous[0] != null);
    }
    if (stored[0]) {
      core.recordPut(tenant, start);
    }
    @SuppressWarnings("unchecked")
    V old = (V) previous[0];
    return (old == null) ? null : core.copier.copy(old);
  }

  boolean putIfAbsent(K key, V value) {
    checkEntry(key, value);
    long start = core.startTimer();
    String tenant = view.tenant();
    boolean[] stored = new boolean[1];
    try {
      core.store.compute(core.storedKey(tenant, key), (k, present) -> {
        if (present != null) {
          return present;
        }
        Expirable<V> created = changes.create(tenant, key, value, true);
        stored[0] = (created != null);
        return created;
      });
    } finally {
      core.events.dispatch();
    }
    core.recordHitOrMiss(tenant, !stored[0]);
    if (stored[0]) {
      core.recordPut(tenant, start);
    }
    return stored[0];
  }

  @Nullable V getAndRemove(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    String tenant = view.tenant();
    long start = core.startTimer();
    V removed = removeEntry(tenant, key);
    core.recordGet(tenant, start, removed != null);
    return (removed == null) ? null : core.copier.copy(removed);
  }

  @Nullable V removeAndGet(K key) {
    core.requireOpen();
    requireNonNull(key, "key");
    return removeEntry(view.tenant(), key);
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
          changes.removed(tenant, key, present.value());
        } else {
          core.publisher.removedAbsent(k);
        }
        return null;
      });
    } finally {
      core.events.dispatch();
    }
    if (removed[0] != null) {
      core.recordRemoval(tenant, start);
    }
    @SuppressWarnings("unchecked")
    V value = (V) removed[0];
    return value;
  }

  boolean remove(K key, V oldValue) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    long start = core.startTimer();
    String tenant = view.tenant();
    int outcome = changes.compareAndChange(tenant, key, oldValue, present -> {
      core.writer.delete(tenant, key);
      changes.removed(tenant, key, present.value());
      return null;
    });
    core.recordGet(tenant, start, outcome != EntryChanges.ABSENT);
    if (outcome == EntryChanges.CHANGED) {
      core.recordRemoval(tenant, start);
    }
    return outcome == EntryChanges.CHANGED;
  }

  boolean replace(K key, V oldValue, V newValue) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    requireNonNull(newValue, "newValue");
    core.checkKey(key);
    core.checkValue(newValue);
    long start = core.startTimer();
    String tenant = view.tenant();
    int outcome = changes.compareAndChange(tenant, key, oldValue,
        present -> changes.update(tenant, key, present, newValue, true));
    core.recordGet(tenant, start, outcome != EntryChanges.ABSENT);
    if (outcome == EntryChanges.CHANGED) {
      core.recordPut(tenant, start);
    }
    return outcome == EntryChanges.CHANGED;
  }

  @Nullable V replaceAndGet(K key, V value) {
    checkEntry(key, value);
    long start = core.startTimer();
    String tenant = view.tenant();
    Object[] previous = new Object[1];
    try {
      core.store.compute(core.lookupKey(tenant, key), (k, present) -> {
        if (present == null) {
          return null;
        }
        previous[0] = present.value();
        return changes.update(tenant, key, present, value, true);
      });
    } finally {
      core.events.dispatch();
    }
    core.recordGet(tenant, start, previous[0] != null);
    if (previous[0] != null) {
      core.recordPut(tenant, start);
    }
    @SuppressWarnings("unchecked")
    V old = (V) previous[0];
    return old;
  }

  /**
   * Checks a write of {@code value} for {@code key} before anything runs.
   *
   * @throws IllegalStateException if the cache is closed
   * @throws NullPointerException if the key or the value is null
   * @throws ClassCastException if either is not of the configured type
   */
  private void checkEntry(K key, V value) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    core.checkKey(key);
    core.checkValue(value);
  }
}
