package io.tenantcache.internal.cache;

import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.TenantKey;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The common steps of creating, updating and removing an entry inside the store's compute for its
 * key: copy the value, call the writer, apply the expiry policy, publish the event. The order
 * matters: a value that cannot be copied reaches neither the writer nor listeners, and a writer
 * that fails leaves the entry as it was.
 */
final class EntryChanges<K, V> {
  /** {@link #compareAndChange} outcomes: no entry; an entry with another value; changed. */
  static final int ABSENT = 0;
  static final int DIFFERENT = 1;
  static final int CHANGED = 2;

  private final CacheCore<K, V> core;

  EntryChanges(CacheCore<K, V> core) {
    this.core = core;
  }

  /**
   * Returns the entry to store for a newly created {@code value}, or null when the expiry policy
   * makes it expire at once; publishes the created event; calls the writer if {@code write}.
   */
  @Nullable Expirable<V> create(String tenant, K key, V value, boolean write) {
    return create(tenant, key, value, core.copier.copy(value), write);
  }

  /** As {@link #create(String, Object, Object, boolean)}, with {@code value} already copied. */
  @Nullable Expirable<V> create(String tenant, K key, V value, V copy, boolean write) {
    if (write) {
      core.writer.write(tenant, key, value);
    }
    long now = core.store.now();
    long expireAt = core.expiry.onCreate(now);
    if (expireAt != Expirable.ETERNAL && expireAt - now <= 0) {
      return null;
    }
    core.events.publishCreated(tenant, key, value);
    return Expirable.of(copy, expireAt, core.expiry.changesOnAccess(), core.refreshAt(now));
  }

  /** Returns the entry that replaces {@code present} with {@code value}; publishes the update. */
  Expirable<V> update(String tenant, K key, Expirable<V> present, V value, boolean write) {
    return update(tenant, key, present, value, core.copier.copy(value), write);
  }

  /** As {@link #update(String, Object, Expirable, Object, boolean)}, with {@code value} copied. */
  Expirable<V> update(String tenant, K key, Expirable<V> present, V value, V copy,
      boolean write) {
    if (write) {
      core.writer.write(tenant, key, value);
    }
    long now = core.store.now();
    long expireAt = core.expiry.onUpdate(now, present.expireAt());
    core.events.publishUpdated(tenant, key, present.value(), value);
    return Expirable.of(copy, expireAt, core.expiry.changesOnAccess(), core.refreshAt(now));
  }

  /** Publishes the removal of {@code key}, which held {@code oldValue}. */
  void removed(String tenant, K key, V oldValue) {
    core.events.publishRemoved(tenant, key, oldValue);
  }

  /**
   * Applies {@code change} (one of the steps above) to the entry of {@code key} if its value equals
   * {@code expected}, in one compute of the store, then publishes the events;
   * returns {@link #ABSENT}, {@link #DIFFERENT} (the entry was read: its access expiry applies) or
   * {@link #CHANGED}.
   */
  int compareAndChange(String tenant, K key, V expected,
      Function<Expirable<V>, @Nullable Expirable<V>> change) {
    TenantKey<K> lookup = core.lookupKey(tenant, key);
    int[] outcome = {ABSENT};
    long[] touched = {-1};
    try {
      core.store.compute(lookup, (k, present) -> {
        if (present == null) {
          return null;
        }
        if (!present.value().equals(expected)) {
          outcome[0] = DIFFERENT;
          touched[0] = core.expiry.onAccess(present, core.store.now());
          return present;
        }
        outcome[0] = CHANGED;
        return change.apply(present);
      });
      if (touched[0] != -1) {
        core.store.expiryChanged(lookup, touched[0]);
      }
    } finally {
      core.events.dispatch();
    }
    return outcome[0];
  }
}
