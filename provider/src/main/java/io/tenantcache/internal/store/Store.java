package io.tenantcache.internal.store;

import io.tenantcache.TenantCacheConfiguration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The seam between a cache and its entries: every tenant's entries of one cache, each keyed by
 * its {@link TenantKey}, each value with its expiry time ({@link Expirable}). The cache package
 * reaches entries only through this interface, so a tiered store (a local store in front, a
 * remote one behind) can stand in for the Caffeine one ({@link #create}) without a change there.
 *
 * <p>Changes: every change goes through {@link #compute}, {@link #put}, {@link #remove}, {@link
 * #storeIfAbsent} (a loaded value), {@link #removeTenant} or {@link #dropTenant} (another
 * replica's clear); what happens to entries (written, removed, dropped for size or expiry, a
 * tenant removed) goes to the {@link StoreListener}s given when the store is created, in their
 * order.
 *
 * <p>Reads: an entry is live until its expiry time; a read never returns an expired entry, and
 * the read that finds one removes it and tells the listeners before it returns. Sizes and the
 * tenant list may lag evictions a call has caused until they settle ({@link #settle()}); see each
 * method.
 *
 * <p>Thread-safe. User code that runs under an entry's lock runs through {@link #callback}.
 */
public interface Store<K, V> {
  /**
   * Creates the store of the cache {@code cacheName}, configured by {@code config}, whose calls
   * are mostly for {@code defaultTenant} (any id is correct; this one's entries are the cheapest).
   * Caffeine's maintenance runs on the configuration's maintenance executor, else on {@link
   * ForkJoinPool#commonPool()}. {@code listeners} hear of every change, in this order.
   */
  static <K, V> Store<K, V> create(String cacheName, String defaultTenant,
      TenantCacheConfiguration<K, V> config, ExpiryTimes expiry,
      List<? extends StoreListener<K, V>> listeners) {
    return create(cacheName, defaultTenant, config, expiry, listeners, false);
  }

  /**
   * Creates a store as {@link #create(String, String, TenantCacheConfiguration, ExpiryTimes,
   * List)} does, which with {@code indexTenants} also keeps an index of each tenant's entries, so
   * that {@link #removeTenant} visits that tenant's entries only instead of scanning every entry
   * (a few dozen bytes more per entry; a clustered cache removes tenants for other replicas).
   */
  static <K, V> Store<K, V> create(String cacheName, String defaultTenant,
      TenantCacheConfiguration<K, V> config, ExpiryTimes expiry,
      List<? extends StoreListener<K, V>> listeners, boolean indexTenants) {
    return CaffeineStore.create(cacheName, defaultTenant, config, expiry, listeners,
        indexTenants);
  }

  /** Returns the ticker time now. */
  long now();

  /** Returns the live entry as a read (it counts for eviction), or null. */
  @Nullable Expirable<V> read(TenantKey<K> key);

  /** Returns the live entry of {@code key} of {@code tenant} as a read, or null. */
  @Nullable Expirable<V> read(String tenant, K key);

  /**
   * Returns the value of the live entry of {@code key} of {@code tenant} as a read, or null; for
   * reads that need neither the entry's expiry nor to move it (it makes no holder for the value).
   */
  @Nullable V readValue(String tenant, K key);

  /** Returns the live entry without touching its eviction or expiry state, or null. */
  @Nullable Expirable<V> peek(TenantKey<K> key);

  /**
   * Returns the value of an entry that has expired at most the configured staleness ago (kept for
   * stale-if-error), or null.
   */
  @Nullable V stale(TenantKey<K> key);

  /** Tells the store that {@code key}'s expiry moved to {@code expireAt} (from an access). */
  void expiryChanged(TenantKey<K> key, long expireAt);

  /**
   * Atomically changes the entry of {@code key}: {@code remapping} gets the live entry (or null)
   * and returns the new one (or null to remove it). It runs under the key's lock: it must not touch
   * other keys of this store.
   */
  @Nullable Expirable<V> compute(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping);

  /**
   * Changes the entry of {@code key} as {@link #compute} does, for an entry processor, which may
   * turn out only to read: the change supersedes loads in flight for the key and listeners hear
   * of it only if {@code wrote}, asked under the key's lock once {@code remapping} has returned,
   * says it wrote (a processor that reads, or fails, leaves loads in flight alone).
   */
  @Nullable Expirable<V> process(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping,
      BooleanSupplier wrote);

  /**
   * Changes the entry of {@code key} as {@link #compute} does, for a load (a refresh): listeners
   * hear of no call's change, so loads in flight for the key are not superseded by it.
   */
  @Nullable Expirable<V> computeLoaded(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping);

  /**
   * Stores a loaded value: if {@code key} has no live entry, atomically stores what {@code create}
   * returns for it (nothing for null). Unlike {@link #compute}, it does not count as a write that
   * supersedes loads in flight. {@code create} runs under the key's lock.
   */
  void storeIfAbsent(TenantKey<K> key,
      Function<TenantKey<K>, @Nullable Expirable<V>> create);

  /**
   * Stores {@code value} for {@code key} as a write (no remapping function: for puts that call
   * nothing else) and returns the live entry it replaced, or null. A load in flight for the key
   * is superseded first, so its value is not stored over this one.
   */
  @Nullable Expirable<V> put(TenantKey<K> key, Expirable<V> value);

  /**
   * Removes the entry of {@code key} (no writer, no events; listeners hear of it, even of an
   * expired one); returns the live entry removed, or null.
   */
  @Nullable Expirable<V> remove(TenantKey<K> key);

  /**
   * Runs {@code callback}, user code called under an entry's lock of this store: a change of this
   * store from inside it (on this thread) fails with {@link IllegalStateException}.
   */
  <T extends @Nullable Object> T callback(Supplier<T> callback);

  /** As {@link #callback(Supplier)}, for a callback that returns nothing. */
  default void runCallback(Runnable callback) {
    callback(() -> {
      callback.run();
      return Boolean.TRUE;
    });
  }

  /**
   * Removes all of {@code tenant}'s entries (no writer, no events: listeners hear that the tenant
   * is about to be removed, then of each removal, then of the tenant's); returns how many live
   * ones there were.
   */
  long removeTenant(String tenant);

  /**
   * Drops all of {@code tenant}'s entries for another replica's clear of the tenant, whatever
   * their number, in constant time: they are hidden at once (no read returns them, a write treats
   * them as absent) and removed in the background, on the maintenance executor. An entry written
   * after this call is not dropped. Listeners hear that the tenant is about to be removed (so
   * that loads in flight store nothing), and nothing of each entry; answers that count or list
   * entries ({@link #size(String)}, {@link #tenants()}, {@link #keys}, {@link #entries()})
   * finish the removal first on their own thread. A store created without the tenant index (a
   * cache that is not clustered) removes them on this thread instead, as {@link #removeTenant}
   * does.
   */
  void dropTenant(String tenant);

  /** Returns a snapshot of {@code tenant}'s live keys (weakly consistent with concurrent changes). */
  List<K> keys(String tenant);

  /**
   * The live entries, for iteration only (weakly consistent): change them through {@link #compute}
   * or {@link #remove}. An expired entry met on the way is removed and reported to the listeners.
   */
  Iterable<Map.Entry<TenantKey<K>, Expirable<V>>> entries();

  /** Returns the tenants that hold at least one entry. */
  List<String> tenants();

  /**
   * Returns how many live entries {@code tenant} holds, exactly: it {@link #settle settles} first
   * (a scan of every entry when entries can expire; a second one when stale entries are kept).
   */
  long size(String tenant);

  /**
   * Returns how many entries {@code tenant} holds, cheaply: evictions due are run first, but
   * entries that have expired and that no call has touched yet may still be counted (for at most
   * {@link #EXPIRY_GRACE} after they expire).
   */
  long estimatedSize(String tenant);

  /**
   * Returns the number of entries held, over all tenants: an estimate, which may include expired
   * entries not yet dropped and lag evictions still to run (see {@link #settle()}).
   */
  long size();

  /**
   * Runs the maintenance that is due now on this thread (evictions the background has not run
   * yet) and drops the entries that have expired past their staleness but that no call has
   * touched, so that counts are exact. What it drops is reported to the listeners on this thread. A
   * scan of every entry when entries can expire; else Caffeine's own clean-up.
   */
  void settle();

  /**
   * Runs the maintenance that is due now on this thread, if no other thread is running it: the
   * evictions and expiries Caffeine has found are then counted and reported to the listeners.
   */
  void catchUp();

  /** Drops every entry of every tenant without telling anyone. */
  void invalidateAll();
}
