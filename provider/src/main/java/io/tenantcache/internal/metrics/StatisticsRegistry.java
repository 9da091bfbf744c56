package io.tenantcache.internal.metrics;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A cache's statistics: the aggregate over all tenants and one set of counters per tenant that has
 * been counted. A tenant's counters stay until the statistics are cleared, so the per-tenant
 * figures and the aggregate agree.
 *
 * <p>{@link StatisticsListener}s (meter binders) hear of each tenant's counters when they are
 * created, of each load, and of the cache's close. With none registered this costs one read of a
 * volatile array on those (rare) paths and nothing on the others.
 */
public final class StatisticsRegistry {
  private static final System.Logger LOGGER = System.getLogger(StatisticsRegistry.class.getName());
  private static final StatisticsListener[] NO_LISTENERS = {};

  private final ConcurrentMap<String, CacheStatistics> tenants = new ConcurrentHashMap<>();
  private final CacheStatistics aggregate = new CacheStatistics(tenants.values());
  private final String defaultTenant;
  /**
   * The default tenant's counters (also in {@link #tenants}), or null until they are next looked
   * up: most calls are the default tenant's, and this saves them the map lookup.
   */
  private volatile @Nullable CacheStatistics defaultTenantCounters;
  private volatile boolean enabled;
  private volatile StatisticsListener[] listeners = NO_LISTENERS;
  private volatile Runnable catchUp = () -> {};

  /** Creates the statistics of a cache whose calls are mostly for {@code defaultTenant}. */
  public StatisticsRegistry(String defaultTenant) {
    this.defaultTenant = requireNonNull(defaultTenant, "defaultTenant");
  }

  /** Returns whether the cache records statistics now. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Turns recording on or off (the counters keep their values). */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Sets what {@link #catchUp()} runs: the cache's maintenance that is due, whose evictions and
   * expiries the counters do not include until it has run.
   */
  public void catchUpWith(Runnable catchUp) {
    this.catchUp = requireNonNull(catchUp, "catchUp");
  }

  /**
   * Brings the eviction and expiry counts up to date: the cache evicts in the background, and a
   * reader of those figures calls this first so that they include every eviction caused by a call
   * that has returned.
   */
  public void catchUp() {
    catchUp.run();
  }

  /** Returns the counters over all tenants. */
  public CacheStatistics aggregate() {
    return aggregate;
  }

  /** Returns {@code tenant}'s counters, creating them on first use (and telling the listeners). */
  public CacheStatistics tenant(String tenant) {
    if (!tenant.equals(defaultTenant)) {
      return lookUp(tenant);
    }
    CacheStatistics counters = defaultTenantCounters;
    if (counters != null) {
      return counters;
    }
    counters = lookUp(tenant);
    defaultTenantCounters = counters;
    // clearTenant removes the counters from the map before it forgets this field: if they are gone
    // from the map by now, the field must not keep them.
    if (tenants.get(tenant) != counters) {
      defaultTenantCounters = null;
    }
    return counters;
  }

  private CacheStatistics lookUp(String tenant) {
    CacheStatistics statistics = tenants.get(tenant);
    if (statistics != null) {
      return statistics;
    }
    CacheStatistics created = new CacheStatistics(null, this, tenant);
    CacheStatistics raced = tenants.putIfAbsent(tenant, created);
    if (raced != null) {
      return raced;
    }
    for (StatisticsListener listener : listeners) {
      try {
        listener.tenantAdded(tenant);
      } catch (RuntimeException e) {
        LOGGER.log(Level.WARNING, "statistics listener " + listener + " failed on tenant '"
            + tenant + "'", e);
      }
    }
    return created;
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
    if (tenant.equals(defaultTenant)) {
      defaultTenantCounters = null;
    }
    if (statistics != null) {
      aggregate.absorb(statistics);
      statistics.clear();
    }
  }

  /** Resets every counter, the aggregate's and every tenant's. */
  public void clear() {
    tenants.clear();
    defaultTenantCounters = null;
    aggregate.clear();
  }

  /** Starts telling {@code listener} what happens; it hears nothing of what happened before. */
  public synchronized void addListener(StatisticsListener listener) {
    requireNonNull(listener, "listener");
    StatisticsListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
    grown[listeners.length] = listener;
    listeners = grown;
  }

  /** Stops telling {@code listener}; does nothing if it is not registered. */
  public synchronized void removeListener(StatisticsListener listener) {
    listeners = Arrays.stream(listeners).filter(l -> l != listener)
        .toArray(StatisticsListener[]::new);
  }

  /** Tells the listeners that the cache closed, and forgets them. */
  public void closed() {
    StatisticsListener[] closing;
    synchronized (this) {
      closing = listeners;
      listeners = NO_LISTENERS;
    }
    for (StatisticsListener listener : closing) {
      try {
        listener.closed();
      } catch (RuntimeException e) {
        LOGGER.log(Level.WARNING, "statistics listener " + listener + " failed on close", e);
      }
    }
  }

  /** Called by a tenant's counters when they record a load. */
  void loaded(String tenant, boolean success, long nanos) {
    for (StatisticsListener listener : listeners) {
      try {
        listener.loaded(tenant, success, nanos);
      } catch (RuntimeException e) {
        LOGGER.log(Level.WARNING, "statistics listener " + listener + " failed on a load of "
            + "tenant '" + tenant + "'", e);
      }
    }
  }
}
