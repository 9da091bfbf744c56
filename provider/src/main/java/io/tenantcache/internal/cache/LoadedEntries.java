package io.tenantcache.internal.cache;

import io.tenantcache.internal.load.LoadTarget;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.TenantKey;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Stores what the load coordinator loaded, and finds stale values for stale-if-error. A target
 * made {@link #storingWith for one call} stores the loaded value its own way (an entry processor
 * that waits for it runs on it as it is stored).
 */
final class LoadedEntries<K, V> implements LoadTarget<K, V> {
  /** Stores a loaded value in place of the plain store; see {@link LoadTarget#storeLoaded}. */
  @FunctionalInterface
  interface StoreStep<K, V> {
    /** Returns whether the value settled the entry (see {@link LoadTarget#storeLoaded}). */
    boolean store(TenantKey<K> key, V value, BooleanSupplier current);
  }

  private final CacheCore<K, V> core;
  private final EntryChanges<K, V> changes;
  private final @Nullable StoreStep<K, V> storeStep;

  LoadedEntries(CacheCore<K, V> core, EntryChanges<K, V> changes) {
    this(core, changes, null);
  }

  private LoadedEntries(CacheCore<K, V> core, EntryChanges<K, V> changes,
      @Nullable StoreStep<K, V> storeStep) {
    this.core = core;
    this.changes = changes;
    this.storeStep = storeStep;
  }

  /** Returns a target that stores a loaded value (not a refreshed one) with {@code step}. */
  LoadedEntries<K, V> storingWith(StoreStep<K, V> step) {
    return new LoadedEntries<>(core, changes, step);
  }

  @Override
  public TenantKey<K> storedKey(String tenant, K key) {
    return core.storedKey(tenant, key);
  }

  @Override
  public boolean storeLoaded(TenantKey<K> key, V value, BooleanSupplier current) {
    core.checkValue(value);
    return (storeStep != null)
        ? storeStep.store(key, value, current) : storePlainly(key, value, current);
  }

  /**
   * Stores a loaded value unless the entry is present or a write has landed since the load;
   * returns whether it was stored (or was absent, current and expired at once).
   */
  boolean storePlainly(TenantKey<K> key, V value, BooleanSupplier current) {
    boolean[] settled = new boolean[1];
    try {
      core.store.storeIfAbsent(key, k -> {
        if (!current.getAsBoolean()) {
          return null;
        }
        settled[0] = true;
        return changes.create(k.tenant(), k.key(), value, false);
      });
    } finally {
      core.events.dispatch();
    }
    return settled[0];
  }

  @Override
  public void storeRefreshed(TenantKey<K> key, V value, BooleanSupplier current) {
    core.checkValue(value);
    try {
      core.store.computeLoaded(key, (k, present) -> {
        if (!current.getAsBoolean()) {
          return present;
        }
        return (present == null) ? changes.create(k.tenant(), k.key(), value, false)
            : changes.update(k.tenant(), k.key(), present, value, false);
      });
    } finally {
      core.events.dispatch();
    }
  }

  @Override
  public @Nullable V presentValue(TenantKey<K> key) {
    Expirable<V> present = core.store.peek(key);
    return (present == null) ? null : core.copyOut(present);
  }

  @Override
  public @Nullable V staleValue(TenantKey<K> key) {
    V stale = core.store.stale(key);
    return (stale == null) ? null : core.copier.copy(stale);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void checkValue(Object value) {
    core.checkValue((V) value);
  }

  @Override
  public void refreshed(String tenant, boolean success) {
    if (core.statisticsEnabled()) {
      core.statistics(tenant).recordRefresh(success);
    }
  }

  @Override
  public void fallbackServed(String tenant) {
    if (core.statisticsEnabled()) {
      core.statistics(tenant).recordFallbackLoads(1);
    }
  }

  @Override
  public void staleServed(String tenant) {
    if (core.statisticsEnabled()) {
      core.statistics(tenant).recordStaleLoads(1);
    }
  }
}
