package io.tenantcache.internal.store;

/** Hears of entries the store dropped on its own: for size, or because they expired. */
@FunctionalInterface
public interface EvictionSink<K, V> {
  /**
   * Called on the thread that dropped the entry (a caller that found it expired, or the
   * maintenance thread), possibly under the entry's lock: it must not touch the store.
   */
  void evicted(TenantKey<K> key, V value, boolean expired);

  /**
   * Called on the maintenance thread after each run of background maintenance, outside every lock
   * of the store: what {@link #evicted} heard on that thread can be delivered now.
   */
  default void maintained() {}
}
