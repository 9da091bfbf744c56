package io.tenantcache;

import java.io.Serializable;

/**
 * Tells how much of a cache's {@linkplain TenantCacheConfiguration.Builder#maximumWeight maximum
 * weight} one entry uses. Called when the entry is stored; must be fast, side-effect free and
 * return a non-negative number.
 */
@FunctionalInterface
public interface EntryWeigher<K, V> extends Serializable {
  /** Returns the weight of the entry; 0 means it is never evicted for size. */
  int weigh(K key, V value);
}
