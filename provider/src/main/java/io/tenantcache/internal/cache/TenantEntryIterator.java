package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.TenantKey;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * Iterates one tenant's entries, weakly consistent with concurrent changes. Each entry returned
 * counts as a read (a hit, and the access expiry); {@link #remove()} removes it as {@code
 * cache.remove(key)} would.
 */
final class TenantEntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> cache;
  private final String tenant;
  private final Iterator<Map.Entry<TenantKey<K>, Expirable<V>>> entries;
  private Cache.@Nullable Entry<K, V> next;
  private Cache.@Nullable Entry<K, V> last;

  TenantEntryIterator(CacheCore<K, V> core, PartitionedCache<K, V> cache, String tenant) {
    this.core = core;
    this.cache = cache;
    this.tenant = tenant;
    this.entries = core.store.entries().iterator();
  }

  @Override
  public boolean hasNext() {
    try {
      return findNext();
    } finally {
      // expired entries met on the way were removed: their events go out now
      core.events.dispatch();
    }
  }

  private boolean findNext() {
    while (next == null && entries.hasNext()) {
      Map.Entry<TenantKey<K>, Expirable<V>> candidate = entries.next();
      TenantKey<K> key = candidate.getKey();
      if (!key.tenant().equals(tenant)) {
        continue;
      }
      long start = core.startTimer();
      Expirable<V> entry = candidate.getValue();
      core.touch(key, entry);
      next = new SimpleEntry<>(key.key(), core.copyOut(entry));
      if (core.statisticsEnabled()) {
        core.statistics(tenant).recordHits(1);
        core.statistics(tenant).recordGetTime(CacheCore.elapsed(start));
      }
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Cache.Entry<K, V> entry = requireNonNull(next);
    last = entry;
    next = null;
    return entry;
  }

  @Override
  public void remove() {
    Cache.Entry<K, V> entry = last;
    if (entry == null) {
      throw new IllegalStateException("call next() before remove(), and remove() once per entry");
    }
    last = null;
    core.requireOpen();
    cache.removeEntry(tenant, entry.getKey());
  }
}
