package io.tenantcache.store;

/** Hears of entries the store dropped on its own: for size, or because they expired. */
@FunctionalInterface
public interface EvictionSink<K, V> {
  /** Called on the thread that evicted the entry, while the store holds no lock of the caller's. */
  void evicted(TenantKey<K> key, V value, boolean expired);
}
