package io.tenantcache;

import java.util.Set;
import javax.cache.Cache;

/**
 * Operations across the tenants of one cache, for administration: {@code
 * cache.unwrap(TenantCache.class)}. They do not depend on the caller's tenant binding.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface TenantCache<K, V> {
  /**
   * Returns a view of this cache pinned to {@code tenant}: every operation acts on that tenant's
   * entries whatever is bound on the calling thread. The view shares the cache's entries,
   * listeners, statistics and lifecycle.
   *
   * @throws IllegalArgumentException if the tenant id is not valid (see {@link Tenants})
   */
  Cache<K, V> forTenant(String tenant);

  /**
   * Returns the tenants that hold at least one entry now (a snapshot). Without quotas the default
   * tenant's size is the cache's total less the other tenants', so while other tenants write, the
   * default tenant may be listed (and its size be higher) for a moment although it holds nothing.
   */
  Set<String> tenants();

  /**
   * Removes all of {@code tenant}'s entries, like {@link Cache#clear()} under that tenant: no
   * writer, no listeners, no statistics.
   */
  void clearTenant(String tenant);

  /**
   * Returns {@code tenant}'s figures in this cache (all zero but the size for a tenant never
   * counted).
   *
   * @throws IllegalArgumentException if the tenant id is not valid
   */
  TenantStatistics statistics(String tenant);
}
