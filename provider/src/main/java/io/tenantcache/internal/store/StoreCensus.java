package io.tenantcache.internal.store;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * What a store holds, read as a whole: its tenants, a tenant's keys and size, and iteration.
 * Exact answers first run the evictions due and remove the entries that fences hide; when entries
 * can expire, they are one scan of every entry that drops the expired ones no call has touched and
 * counts the rest.
 */
final class StoreCensus<K, V> {
  private final Cache<Object, Object> cache;
  private final ConcurrentMap<Object, Object> map;
  private final StoredValues values;
  private final EntryKeys<K> entryKeys;
  private final TenantLedger ledger;
  private final ExpiringEntries<K, V> expiries;
  private final TenantFences<K> fences;

  StoreCensus(Cache<Object, Object> cache, StoredValues values, EntryKeys<K> entryKeys,
      TenantLedger ledger, ExpiringEntries<K, V> expiries, TenantFences<K> fences) {
    this.cache = cache;
    this.map = cache.asMap();
    this.values = values;
    this.entryKeys = entryKeys;
    this.ledger = ledger;
    this.expiries = expiries;
    this.fences = fences;
  }

  List<K> keys(String tenant) {
    fences.drain(map);
    return liveSlots().filter(slot -> entryKeys.tenantOf(slot).equals(tenant))
        .map(EntryKeys::<K>callerKey)
        .toList();
  }

  /** The keys of the live entries, weakly consistent with concurrent changes. */
  private Stream<Object> liveSlots() {
    return map.entrySet().stream()
        .filter(entry -> !fences.hides(entry.getKey(), entry.getValue())
            && expiries.liveStored(entry.getValue()) != null)
        .map(Map.Entry::getKey);
  }

  Iterable<Map.Entry<TenantKey<K>, Expirable<V>>> entries() {
    return () -> {
      // An iteration reads every entry anyway: it first runs the evictions due, so that it does
      // not return entries that a call which has returned has already pushed out.
      catchUp();
      return iterateLive();
    };
  }

  private Iterator<Map.Entry<TenantKey<K>, Expirable<V>>> iterateLive() {
    return map.entrySet().stream()
        .filter(entry -> !fences.hides(entry.getKey(), entry.getValue())
            && expiries.liveOrExpire(entry.getKey(), entry.getValue()) != null)
        .map(entry -> Map.entry(entryKeys.tenantKey(entry.getKey()),
            values.<V>entry(entry.getValue())))
        .iterator();
  }

  List<String> tenants() {
    if (!expiries.expiring) {
      catchUp();
      return ledger.tenants(cache.estimatedSize());
    }
    return settledSlots().map(entryKeys::tenantOf).distinct().toList();
  }

  long size(String tenant) {
    if (!expiries.expiring) {
      catchUp();
      return ledger.size(tenant, cache.estimatedSize());
    }
    return settledSlots().filter(slot -> entryKeys.tenantOf(slot).equals(tenant)).count();
  }

  /**
   * Catches up, then returns the keys of the live entries, dropping the expired ones it meets.
   * Entries that can expire are counted by this scan, not by the ledger: an entry past even
   * Caffeine's own expiry is hidden from iteration but counted until its timer wheel drops it,
   * which a catch-up does only once the wheel's bucket has passed.
   */
  private Stream<Object> settledSlots() {
    catchUp();
    return map.entrySet().stream()
        .filter(entry -> !fences.hides(entry.getKey(), entry.getValue())
            && expiries.liveOrExpire(entry.getKey(), entry.getValue()) != null)
        .map(Map.Entry::getKey);
  }

  long estimatedSize(String tenant) {
    catchUp();
    return ledger.size(tenant, cache.estimatedSize());
  }

  void settle() {
    catchUp();
    if (expiries.expiring) {
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        if (!fences.hides(entry.getKey(), entry.getValue())) {
          expiries.liveOrExpire(entry.getKey(), entry.getValue());
        }
      }
    }
  }

  /**
   * Runs the evictions due and carries out the fences up (so that no entry another replica
   * cleared is counted or listed).
   */
  void catchUp() {
    cache.cleanUp();
    fences.drain(map);
  }
}
