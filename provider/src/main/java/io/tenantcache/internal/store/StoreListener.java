package io.tenantcache.internal.store;

/**
 * Hears what happens to a store's entries: registered when the cache is assembled, any number of
 * them, each told in registration order. Every method has an empty default, so a listener names
 * only what it needs. None may touch the store, and none should block: some are told under the
 * lock of the entry's hash bin.
 *
 * <p>The cache's own listeners are the load coordinator (a change supersedes a load in flight) and
 * the reporter of dropped entries (expiry events, eviction statistics); a remote tier adds its own
 * (a write or a removal here is an invalidation to publish; an eviction is not).
 */
public interface StoreListener<K, V> {
  /**
   * A call is about to change {@code key}'s entry (a put, a remove, a change through {@code
   * compute}), whatever the change turns out to be, even none: a load in flight for the key must
   * not store its value after this. Told under the key's lock for a compute or a remove.
   */
  default void changing(TenantKey<K> key) {}

  /**
   * A call stored a value for {@code key} (a change through {@code compute}, or a put: see {@link
   * #putting}); told before the change is visible, under the key's lock for a compute. A value stored by a load is
   * not a write.
   */
  default void written(TenantKey<K> key) {}

  /**
   * A put is about to store a value for {@code key}, without the key's lock; {@link #stored}
   * follows once the value is visible. By default, told as {@link #written}.
   */
  default void putting(TenantKey<K> key) {
    written(key);
  }

  /**
   * A put told as {@link #putting} has made its value visible (a put writes without the key's
   * lock, so a reader of the entry may see the value before only until this). A change through
   * {@code compute} is visible once its lock is released, and is not told again.
   */
  default void stored(TenantKey<K> key) {}

  /**
   * A call removed {@code key}'s entry (a remove, even of an expired entry; a change through
   * {@code compute} of a live entry to nothing; a tenant's removal); told under the key's lock.
   */
  default void removed(TenantKey<K> key) {}

  /**
   * The store dropped {@code key}'s entry by itself: for size or the tenant's quota ({@code
   * expired} false) or because it expired ({@code expired} true). Told on the thread that dropped
   * it (a call that met it, or the maintenance thread), possibly under the entry's lock.
   */
  default void dropped(TenantKey<K> key, V value, boolean expired) {}

  /**
   * A call is about to remove all of {@code tenant}'s entries: like {@link #changing} for each of
   * its keys, held or not (a load in flight for any of them must not store its value after this).
   */
  default void removingTenant(String tenant) {}

  /** All of {@code tenant}'s entries were removed by a call, after each was told as removed. */
  default void tenantRemoved(String tenant) {}

  /**
   * A run of background maintenance ended, on the maintenance thread, outside every lock of the
   * store: what {@link #dropped} heard on that thread can be delivered now.
   */
  default void maintained() {}
}
