package io.tenantcache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * What a TenantCache cache offers beyond JCache ({@code cache.unwrap(TenantCache.class)}):
 * operations across its tenants, for administration, which do not depend on the caller's tenant
 * binding ({@link #forTenant}, {@link #tenants}, {@link #clearTenant}, {@link #statistics}); and
 * reads that return futures, which act for the caller's tenant like {@code get} (or for the pinned
 * tenant of a {@link #forTenant} view): {@link #getAsync}, {@link #getAllAsync}, {@link #refresh}.
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

  /**
   * Returns the value of {@code key} for the current tenant as a future, without blocking this
   * thread on a load: a hit completes at once; a miss of a read-through cache joins the load in
   * flight for the key (a {@code get}'s too) or starts one on the loader executor ({@code
   * LoadResilience.Builder.executor}, else the manager's loader pool), and completes on the thread
   * that finishes it, with the loaded value or exceptionally with the {@code CacheLoaderException}
   * a {@code get} would throw; without read-through, a miss completes with null. The tenant is
   * the one current at this call.
   *
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<@Nullable V> getAsync(K key);

  /**
   * As {@link #getAsync} for each of {@code keys}: completes with the keys that have a value, when
   * every one's read has completed; exceptionally if any load failed.
   *
   * @throws NullPointerException if {@code keys} or one of them is null
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<Map<K, V>> getAllAsync(Set<? extends K> keys);

  /**
   * Loads {@code key} anew for the current tenant (a forced refresh): always a new loader call,
   * never an answer from the cache nor from a load that started before it (that load's value is
   * then not stored). The value is stored over what the cache holds (an {@code UPDATED} event, or
   * {@code CREATED} if there was none) and returned; gets that miss meanwhile join this load. Runs
   * on the loader executor, like {@link #getAsync}; a write of the key during it wins over it.
   *
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed or has no {@code CacheLoader}
   */
  CompletableFuture<@Nullable V> refresh(K key);
}
