package io.tenantcache.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A cache's statistics: the aggregate over all tenants and one set of counters per tenant that has
 * been counted. A tenant's counters stay until the statistics are cleared, so the per-tenant
 * figures and the aggregate agree.
 */
public final class StatisticsRegistry {
  private final CacheStatistics aggregate = new CacheStatistics();
  private final ConcurrentMap<String, CacheStatistics> tenants = new ConcurrentHashMap<>();
  private volatile boolean enabled;

  /** Returns whether the cache records statistics now. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Turns recording on or off (the counters keep their values). */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the counters over all tenants. */
  public CacheStatistics aggregate() {
    return aggregate;
  }

  /** Returns {@code tenant}'s counters, creating them on first use. */
  public CacheStatistics tenant(String tenant) {
    CacheStatistics statistics = tenants.get(tenant);
    return (statistics != null) ? statistics
        : tenants.computeIfAbsent(tenant, t -> new CacheStatistics(aggregate));
  }

  /** Returns {@code tenant}'s counters, or null if it was never counted. */
  public @Nullable CacheStatistics peek(String tenant) {
    return tenants.get(tenant);
  }

  /** Returns the tenants that have counters. */
  public Set<String> tenants() {
    return Set.copyOf(tenants.keySet());
  }

  /** Resets one tenant's counters; the aggregate keeps what the tenant contributed. */
  public void clearTenant(String tenant) {
    CacheStatistics statistics = tenants.remove(tenant);
    if (statistics != null) {
      statistics.clear();
    }
  }

  /** Resets every counter, the aggregate's and every tenant's. */
  public void clear() {
    tenants.clear();
    aggregate.clear();
  }
}
