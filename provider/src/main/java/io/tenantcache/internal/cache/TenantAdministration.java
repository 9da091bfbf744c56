package io.tenantcache.internal.cache;

import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.internal.metrics.CacheStatistics;
import java.util.Set;

/**
 * The operations of {@link io.tenantcache.TenantCache} that span tenants (the pinned views are
 * made by {@link PartitionedCache#forTenant}). None depends on the caller's binding.
 */
final class TenantAdministration<K, V> {
  private final CacheCore<K, V> core;

  TenantAdministration(CacheCore<K, V> core) {
    this.core = core;
  }

  Set<String> tenants() {
    core.requireOpen();
    try {
      return Set.copyOf(core.store.tenants());
    } finally {
      core.events.dispatch();
    }
  }

  void clearTenant(String tenant) {
    core.requireOpen();
    removeTenant(Tenants.validate(tenant));
  }

  /**
   * Drops a tenant's entries and voids its loads in flight (on every replica, for a clustered
   * cache); delivers the expired events of entries found expired meanwhile.
   */
  void removeTenant(String tenant) {
    try {
      core.publisher.tenantWide(tenant, () -> core.store.removeTenant(tenant));
    } finally {
      core.events.dispatch();
    }
  }

  TenantStatistics statistics(String tenant) {
    String id = Tenants.validate(tenant);
    long size;
    try {
      // First: the size settles the evictions still due, which the counters then include.
      size = core.store.size(id);
    } finally {
      core.events.dispatch();
    }
    CacheStatistics counters = core.statistics.peek(id);
    if (counters == null) {
      counters = new CacheStatistics();
    }
    return new TenantStatistics(id, counters.hits(), counters.misses(), counters.puts(),
        counters.removals(), counters.evictions(), counters.expirations(), counters.loads(),
        counters.loadFailures(), counters.staleLoads(), counters.fallbackLoads(),
        counters.refreshes(), counters.refreshFailures(), size,
        counters.averageGetMicros(),
        counters.averagePutMicros(), counters.averageRemoveMicros(),
        counters.averageLoadMicros());
  }
}
