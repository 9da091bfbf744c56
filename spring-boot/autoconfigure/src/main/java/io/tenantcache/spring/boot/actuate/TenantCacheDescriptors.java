package io.tenantcache.spring.boot.actuate;

import io.tenantcache.TenantStatistics;
import java.util.List;
import java.util.Map;

/** The bodies of the {@code tenantcaches} endpoint's answers: records, written as JSON by Boot. */
public final class TenantCacheDescriptors {
  private TenantCacheDescriptors() {}

  /**
   * {@code GET /actuator/tenantcaches}: the manager's caches with their most active tenants.
   *
   * @param cacheManager the JCache manager's URI
   * @param tenantCount the tenants that hold entries in any cache now
   * @param caches by name
   */
  public record CachesDescriptor(String cacheManager, int tenantCount,
      Map<String, CacheDescriptor> caches) {}

  /**
   * One cache.
   *
   * @param tenantCount the tenants that hold entries in it now
   * @param statisticsEnabled whether it counts (when not, the figures but the sizes are 0)
   * @param mostActiveTenants the most active tenants holding entries (gets + puts + removals +
   *     loads, as the {@code TenantStatisticsMXBean} table ranks them), most active first, at
   *     most {@link TenantCachesEndpoint#MOST_ACTIVE_TENANTS}
   * @param omittedTenants the tenants holding entries that {@code mostActiveTenants} leaves out
   */
  public record CacheDescriptor(int tenantCount, boolean statisticsEnabled,
      List<TenantFigures> mostActiveTenants, int omittedTenants) {}

  /**
   * {@code GET /actuator/tenantcaches/{tenant}}: one tenant in every cache.
   *
   * @param tenant the tenant
   * @param caches its figures by cache name (all 0 for a cache it never used)
   */
  public record TenantDescriptor(String tenant, Map<String, TenantFigures> caches) {}

  /**
   * {@code DELETE /actuator/tenantcaches/{tenant}} (over JMX; HTTP answers 204 without a body).
   *
   * @param tenant the tenant evicted
   * @param caches the caches it was evicted from
   */
  public record EvictionDescriptor(String tenant, List<String> caches) {}

  /**
   * An answer that is not a success: what went wrong, in words (never a key or a value).
   *
   * @param error the reason
   */
  public record Problem(String error) {}

  /**
   * One tenant's figures in one cache: {@link TenantStatistics} with its gets and hit rate.
   * Counters count while the cache's statistics are on; times are means in microseconds.
   */
  public record TenantFigures(String tenant, long size, long gets, long hits, long misses,
      double hitRate, long puts, long removals, long evictions, long expirations, long loads,
      long loadFailures, long staleLoads, long fallbackLoads, long refreshes,
      long refreshFailures, float averageGetMicros, float averagePutMicros,
      float averageRemoveMicros, float averageLoadMicros) {

    static TenantFigures of(TenantStatistics s) {
      return new TenantFigures(s.tenant(), s.size(), s.gets(), s.hits(), s.misses(),
          s.hitRate(), s.puts(), s.removals(), s.evictions(), s.expirations(), s.loads(),
          s.loadFailures(), s.staleLoads(), s.fallbackLoads(), s.refreshes(),
          s.refreshFailures(), s.averageGetMicros(), s.averagePutMicros(),
          s.averageRemoveMicros(), s.averageLoadMicros());
    }

    /** Calls that touched the tenant's entries: the ranking of the most active tenants. */
    long activity() {
      return gets + puts + removals + loads;
    }
  }
}
