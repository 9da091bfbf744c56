package io.tenantcache.internal.cache;

import io.tenantcache.internal.load.LoadTarget;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.TenantKey;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** Stores what the load coordinator loaded, and finds stale values for stale-if-error. */
final class LoadedEntries<K, V> implements LoadTarget<K, V> {
  private final CacheCore<K, V> core;
  private final EntryChanges<K, V> changes;

  LoadedEntries(CacheCore<K, V> core, EntryChanges<K, V> changes) {
    this.core = core;
    this.changes = changes;
  }

  @Override
  public TenantKey<K> storedKey(String tenant, K key) {
    return core.storedKey(tenant, key);
  }

  @Override
  public void storeLoaded(TenantKey<K> key, V value, BooleanSupplier current) {
    core.checkValue(value);
    try {
      core.store.storeIfAbsent(key, k -> current.getAsBoolean()
          ? changes.create(k.tenant(), k.key(), value, false) : null);
    } finally {
      core.events.dispatch();
    }
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
