package io.tenantcache;

import javax.management.MXBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The per-tenant view of one cache's statistics, registered on the platform MBeanServer as {@code
 * io.tenantcache:type=TenantStatistics,CacheManager=<uri>,Cache=<name>} (values sanitized like the
 * standard JCache names) while the cache's statistics are enabled, next to the standard {@code
 * javax.cache:type=CacheStatistics} MXBean, which keeps the figures over all tenants.
 *
 * <p>Its attributes and results are open data already ({@code String[]}, {@code int}, {@link
 * TabularData}, {@link CompositeData}), so it is registered as a standard MBean ({@code
 * MXBean(false)}: the MXBean mapping cannot carry a {@code TabularData}); any JMX client reads it
 * without TenantCache's classes. In code: {@code JMX.newMBeanProxy(connection, name,
 * TenantStatisticsMXBean.class)}.
 *
 * <p>It shows counts and times only, never keys or values. A tenant's figures (an item of {@link
 * #getTenantTable()} or the result of {@link #tenantStatistics(String)}) are: {@code tenant},
 * {@code size} (entries held now), {@code hits}, {@code misses}, {@code hitRate} (hits / gets,
 * 0 to 1), {@code puts}, {@code removals}, {@code evictions}, {@code expirations}, {@code loads},
 * {@code loadFailures}, {@code staleLoads} (failed loads answered with a stale value; they count
 * as failures too), {@code fallbackLoads} (failed loads answered with the fallback's value;
 * failures too), {@code refreshes} and {@code refreshFailures} (refreshes ahead of expiry), and
 * the mean {@code averageGetTime}, {@code averagePutTime}, {@code
 * averageRemoveTime} and {@code averageLoadTime} in microseconds. Counters count only while
 * statistics are enabled.
 *
 */
@MXBean(false)
public interface TenantStatisticsMXBean {
  /** Returns the tenants that hold entries or have been counted, sorted. */
  String[] getTenants();

  /** Returns how many tenants {@link #getTenants()} lists. */
  int getTenantCount();

  /**
   * Returns the figures of the most active tenants (by gets + puts + removals + loads), at most
   * {@link #getTenantTableLimit()} rows, indexed by {@code tenant}.
   */
  TabularData getTenantTable();

  /**
   * Returns the most rows {@link #getTenantTable()} holds: the cache manager's property {@value
   * TenantCacheProperties#MANAGEMENT_TENANT_TABLE_SIZE}, 100 unless set.
   */
  int getTenantTableLimit();

  /** Returns how many tenants {@link #getTenantTable()} leaves out (the least active ones). */
  int getOmittedTenants();

  /**
   * Returns one tenant's figures (all zero but the size for a tenant never counted).
   *
   * @throws IllegalArgumentException if the tenant id is not valid
   */
  CompositeData tenantStatistics(String tenant);

  /**
   * Removes all of the tenant's entries from the cache, as {@link TenantCache#clearTenant}: no
   * writer, no listeners, no statistics.
   *
   * @throws IllegalArgumentException if the tenant id is not valid
   */
  void clearTenant(String tenant);

  /**
   * Sets the tenant's counters back to zero; the cache's figures over all tenants keep what it
   * contributed.
   *
   * @throws IllegalArgumentException if the tenant id is not valid
   */
  void resetTenantStatistics(String tenant);
}
