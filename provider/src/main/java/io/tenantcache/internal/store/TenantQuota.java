package io.tenantcache.internal.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy.CacheEntry;
import com.github.benmanes.caffeine.cache.Policy.Eviction;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Counts each tenant's entries as they are added and, with a per-tenant quota, evicts a tenant's
 * own coldest entries (in Caffeine's eviction order) when it goes over: in batches of a sixteenth
 * of the quota, so that the search for them is amortized. The global bound still applies on top.
 */
final class TenantQuota<K, V> {
  private final long quota;
  private final TenantLedger ledger;
  private final Cache<Object, Object> cache;
  private final @Nullable Eviction<Object, Object> eviction;
  private final EntryKeys<K> entryKeys;
  private final StoredValues values;
  private final StoreListener<K, V> listeners;
  private final TenantFences<K> fences;

  /** A quota of {@code quota} entries per tenant; none if negative. */
  TenantQuota(long quota, TenantLedger ledger, Cache<Object, Object> cache,
      EntryKeys<K> entryKeys, StoredValues values, StoreListener<K, V> listeners,
      TenantFences<K> fences) {
    this.quota = quota;
    this.ledger = ledger;
    this.cache = cache;
    this.eviction = cache.policy().eviction().orElse(null);
    this.entryKeys = entryKeys;
    this.values = values;
    this.listeners = listeners;
    this.fences = fences;
  }

  /**
   * Counts an entry added for {@code tenant} (already in the index: {@link TenantLedger#indexed}),
   * and trims the tenant to its quota if it is over.
   */
  void added(String tenant) {
    long size = ledger.counted(tenant);
    if (quota >= 0 && size > quota) {
      trim(tenant);
    }
  }

  /** Evicts {@code tenant}'s coldest entries until it is a batch under its quota. */
  private void trim(String tenant) {
    TenantLedger.Account account = ledger.account(tenant);
    if (eviction == null || account == null || !account.trimming.compareAndSet(false, true)) {
      return;
    }
    try {
      // The tenant's recent reads may still wait in Caffeine's read buffers: drained first, they
      // keep the entries the tenant reads out of the coldest.
      cache.cleanUp();
      long excess = account.size.get() - quota;
      if (excess <= 0) {
        return;
      }
      long batch = excess + Math.max(1, quota / 16);
      List<CacheEntry<Object, Object>> victims = eviction.coldest(entries -> entries
          .filter(entry -> entryKeys.tenantOf(entry.getKey()).equals(tenant))
          .limit(batch)
          .toList());
      for (CacheEntry<Object, Object> victim : victims) {
        if (cache.asMap().remove(victim.getKey(), victim.getValue())) {
          ledger.removed(tenant, victim.getKey());
          if (!fences.hides(victim.getKey(), victim.getValue())) {
            // (one another replica cleared is gone already to every caller: not an eviction)
            listeners.dropped(entryKeys.tenantKey(victim.getKey()),
                values.<V>entry(victim.getValue()).value(), false);
          }
        }
      }
    } finally {
      account.trimming.set(false);
    }
  }
}
