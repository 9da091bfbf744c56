package io.tenantcache.internal.store;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Tells live entries from expired ones, by each entry's own expiry time, so that an entry is
 * invisible from the moment it expires; removes an expired entry that a read meets (past its
 * stale-if-error staleness) and reports it, on the reader's thread, before the read returns.
 */
final class ExpiringEntries<K, V> {
  private final ConcurrentMap<Object, Object> map;
  private final StoredValues values;
  private final EntryKeys<K> entryKeys;
  private final TenantLedger ledger;
  private final StoreListener<K, V> listeners;
  private final Ticker ticker;
  /** How long an expired entry is kept for stale-if-error, in nanoseconds; 0 for not at all. */
  final long staleness;
  /** Whether an entry can expire: reads then check its expiry time. */
  final boolean expiring;

  ExpiringEntries(ConcurrentMap<Object, Object> map, StoredValues values, EntryKeys<K> entryKeys,
      TenantLedger ledger, StoreListener<K, V> listeners, Ticker ticker, long staleness,
      boolean expiring) {
    this.map = map;
    this.values = values;
    this.entryKeys = entryKeys;
    this.ledger = ledger;
    this.listeners = listeners;
    this.ticker = ticker;
    this.staleness = staleness;
    this.expiring = expiring;
  }

  long now() {
    return ticker.read();
  }

  /** Returns the entry {@code stored} holds, or null if it has expired (or is null). */
  @Nullable Expirable<V> liveStored(@Nullable Object stored) {
    return (stored == null) ? null : live(values.entry(stored));
  }

  /** As {@link #liveStored}, for an entry. */
  @Nullable Expirable<V> live(@Nullable Expirable<V> entry) {
    return (entry != null && expiring && entry.isExpired(now())) ? null : entry;
  }

  /**
   * As {@link #liveStored}, for what a read found at {@code slot}; an entry found expired past
   * its staleness is removed by this call and reported to the listeners on this thread.
   */
  @Nullable Expirable<V> liveOrExpire(Object slot, @Nullable Object stored) {
    if (stored == null) {
      return null;
    }
    Expirable<V> entry = values.entry(stored);
    if (!expiring) {
      return entry;
    }
    long now = now();
    if (!entry.isExpired(now)) {
      return entry;
    }
    if (now - entry.expireAt() >= staleness) {
      expire(slot, stored);
    }
    return null;
  }

  /** Returns the value {@code stored} holds if it expired at most the staleness ago, or null. */
  @Nullable V stale(@Nullable Object stored) {
    if (stored == null || staleness == 0) {
      return null;
    }
    Expirable<V> entry = values.entry(stored);
    long now = now();
    return (entry.isExpired(now) && now - entry.expireAt() <= staleness) ? entry.value() : null;
  }

  /** Removes the expired entry {@code stored} at {@code slot}, unless it has changed since. */
  private void expire(Object slot, Object stored) {
    // Past Caffeine's own (later) expiry too, the entry is hidden from computeIfPresent but not
    // from remove(key, value): Caffeine removes it as expired and its eviction listener counts
    // and reports it; remove returns true only when this call removed a live-to-Caffeine entry.
    if (map.remove(slot, stored)) {
      TenantKey<K> key = entryKeys.tenantKey(slot);
      ledger.removed(key.tenant(), slot);
      listeners.dropped(key, values.<V>entry(stored).value(), true);
    }
  }
}
