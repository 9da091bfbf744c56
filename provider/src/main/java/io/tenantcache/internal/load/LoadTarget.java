package io.tenantcache.internal.load;

import io.tenantcache.internal.store.TenantKey;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** Where a {@link LoadCoordinator} puts what it loaded: the cache. */
public interface LoadTarget<K, V> {
  /** Returns the store key for {@code key} of {@code tenant} (copied under store-by-value). */
  TenantKey<K> storedKey(String tenant, K key);

  /**
   * Stores a loaded value, unless the entry is present or {@code current} (evaluated under the
   * entry's lock) says a write of the entry has landed since the load started: then the write
   * wins and the value is dropped.
   *
   * @return whether the value settled the entry (it was stored, or the call's own step used it);
   *     false when it was dropped
   */
  boolean storeLoaded(TenantKey<K> key, V value, BooleanSupplier current);

  /**
   * Stores a refreshed value over whatever the entry holds, unless {@code current} (evaluated
   * under the entry's lock) says a write of the entry has landed since the refresh started.
   */
  void storeRefreshed(TenantKey<K> key, V value, BooleanSupplier current);

  /** Returns the value the cache holds for {@code key} now (a copy under store-by-value), or null. */
  @Nullable V presentValue(TenantKey<K> key);

  /** Returns the entry's expired value if it may still be served on a load failure, or null. */
  @Nullable V staleValue(TenantKey<K> key);

  /** Counts a load failure answered with a stale value. */
  void staleServed(String tenant);

  /**
   * Checks that {@code value} (a fallback's) is of the cache's value type.
   *
   * @throws ClassCastException naming the types if it is not
   */
  void checkValue(Object value);

  /** Counts a refresh ahead of expiry of {@code tenant}'s entry, and whether it succeeded. */
  void refreshed(String tenant, boolean success);

  /** Counts a load failure answered with the fallback's value. */
  void fallbackServed(String tenant);
}
