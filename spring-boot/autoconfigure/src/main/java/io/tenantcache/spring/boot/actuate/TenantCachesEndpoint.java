package io.tenantcache.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.Tenants;
import io.tenantcache.spring.boot.actuate.TenantCacheDescriptors.CacheDescriptor;
import io.tenantcache.spring.boot.actuate.TenantCacheDescriptors.CachesDescriptor;
import io.tenantcache.spring.boot.actuate.TenantCacheDescriptors.EvictionDescriptor;
import io.tenantcache.spring.boot.actuate.TenantCacheDescriptors.TenantDescriptor;
import io.tenantcache.spring.boot.actuate.TenantCacheDescriptors.TenantFigures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code tenantcaches} Actuator endpoint over a TenantCache manager: its caches and their most
 * active tenants with their statistics, one tenant in every cache, and the eviction of a tenant's
 * entries from every cache or from one. Exposed like any endpoint ({@code
 * management.endpoints.web.exposure.include=tenantcaches} over HTTP; nothing is exposed over HTTP
 * by default) and secured like the others. It shows counts, sizes and times, never keys or values.
 * Thread-safe; the figures are a snapshot of each cache at the time it is read.
 */
@Endpoint(id = "tenantcaches")
public class TenantCachesEndpoint {
  /** The most tenants listed per cache by {@link #caches()}. */
  public static final int MOST_ACTIVE_TENANTS = 10;

  private final TenantCacheManager manager;

  /**
   * Creates the endpoint over {@code manager}.
   *
   * @throws NullPointerException if {@code manager} is null
   */
  public TenantCachesEndpoint(TenantCacheManager manager) {
    this.manager = requireNonNull(manager, "manager");
  }

  /** Returns the caches, the tenant count, and each cache's most active tenants. */
  @ReadOperation
  public CachesDescriptor caches() {
    Map<String, CacheDescriptor> caches = new LinkedHashMap<>();
    for (String name : sortedCacheNames()) {
      Cache<Object, Object> cache = manager.getCache(name);
      if (cache != null) { // destroyed meanwhile: left out
        caches.put(name, describe(cache));
      }
    }
    return new CachesDescriptor(manager.getURI().toString(), manager.tenants().size(), caches);
  }

  /**
   * Returns {@code tenant}'s figures in every cache.
   *
   * @throws IllegalArgumentException if {@code tenant} is not a valid tenant id
   */
  @ReadOperation
  public TenantDescriptor tenant(@Selector String tenant) {
    validTenant(tenant);
    Map<String, TenantFigures> caches = new LinkedHashMap<>();
    for (String name : sortedCacheNames()) {
      Cache<Object, Object> cache = manager.getCache(name);
      if (cache != null) {
        caches.put(name, TenantFigures.of(cache.unwrap(TenantCache.class).statistics(tenant)));
      }
    }
    return new TenantDescriptor(tenant, caches);
  }

  /**
   * Removes {@code tenant}'s entries from every cache ({@link TenantCacheManager#evictTenant}:
   * no writer, no listeners; on every replica when the manager is clustered).
   *
   * @return the tenant and the caches it was evicted from
   * @throws IllegalArgumentException if {@code tenant} is not a valid tenant id
   */
  @DeleteOperation
  public EvictionDescriptor evictTenant(@Selector String tenant) {
    validTenant(tenant);
    Set<String> caches = sortedCacheNames();
    manager.evictTenant(tenant);
    return new EvictionDescriptor(tenant, List.copyOf(caches));
  }

  /**
   * Removes {@code tenant}'s entries from the cache named {@code cache} ({@link
   * TenantCache#clearTenant}: on every replica when the cache is clustered).
   *
   * @return false if the manager has no cache of that name (nothing is removed)
   * @throws IllegalArgumentException if {@code tenant} is not a valid tenant id
   */
  @DeleteOperation
  public boolean clearTenant(@Selector String tenant, @Selector String cache) {
    validTenant(tenant);
    Cache<Object, Object> found = findCache(cache);
    if (found == null) {
      return false;
    }
    found.unwrap(TenantCache.class).clearTenant(tenant);
    return true;
  }

  /** Returns the cache named {@code name}, or null if the manager has none. */
  @Nullable Cache<Object, Object> findCache(String name) {
    requireNonNull(name, "name");
    return manager.getCache(name);
  }

  /** Returns the names of the manager's caches, sorted. */
  Set<String> sortedCacheNames() {
    Set<String> names = new TreeSet<>();
    manager.getCacheNames().forEach(names::add);
    return names;
  }

  private static String validTenant(String tenant) {
    return Tenants.validate(tenant);
  }

  private static CacheDescriptor describe(Cache<Object, Object> cache) {
    TenantCache<?, ?> tenantCache = cache.unwrap(TenantCache.class);
    List<TenantFigures> figures = new ArrayList<>();
    for (String tenant : tenantCache.tenants()) {
      figures.add(TenantFigures.of(tenantCache.statistics(tenant)));
    }
    figures.sort(Comparator.comparingLong(TenantFigures::activity).reversed()
        .thenComparing(TenantFigures::tenant));
    List<TenantFigures> mostActive =
        List.copyOf(figures.subList(0, Math.min(MOST_ACTIVE_TENANTS, figures.size())));
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration =
        cache.getConfiguration(CompleteConfiguration.class);
    return new CacheDescriptor(figures.size(), configuration.isStatisticsEnabled(), mostActive,
        figures.size() - mostActive.size());
  }
}
