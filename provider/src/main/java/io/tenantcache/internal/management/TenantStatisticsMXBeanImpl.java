package io.tenantcache.internal.management;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantStatistics;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.Tenants;
import io.tenantcache.internal.metrics.CacheStatistics;
import io.tenantcache.internal.metrics.StatisticsRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * The {@link TenantStatisticsMXBean} of one cache: reads the cache's per-tenant counters and sizes
 * on each call (nothing is cached), ranks tenants by activity for the bounded table.
 */
public final class TenantStatisticsMXBeanImpl implements TenantStatisticsMXBean {
  /** The rows of {@link #getTenantTable()} unless the cache manager says otherwise. */
  public static final int DEFAULT_TABLE_LIMIT = 100;

  private static final String[] ITEMS = {"tenant", "size", "hits", "misses", "hitRate", "puts",
      "removals", "evictions", "expirations", "loads", "loadFailures", "staleLoads",
      "fallbackLoads", "refreshes", "refreshFailures", "averageGetTime", "averagePutTime", "averageRemoveTime", "averageLoadTime"};
  private static final String[] ITEM_DESCRIPTIONS = {"the tenant id",
      "entries the tenant holds now", "gets that found an entry", "gets that found none",
      "hits / gets, 0 to 1 (0 without gets)", "entries stored or replaced",
      "entries removed by calls", "entries evicted for size (the cache's bound or the quota)",
      "entries dropped because they expired", "successful loads", "failed loads",
      "failed loads answered with a stale value (also counted as failures)",
      "failed loads answered with the fallback's value (also counted as failures)",
      "refreshes ahead of expiry that succeeded", "refreshes ahead of expiry that failed",
      "mean get time in microseconds", "mean put time in microseconds",
      "mean remove time in microseconds", "mean load time in microseconds"};
  private static final OpenType<?>[] ITEM_TYPES = {SimpleType.STRING, SimpleType.LONG,
      SimpleType.LONG, SimpleType.LONG, SimpleType.DOUBLE, SimpleType.LONG, SimpleType.LONG,
      SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
      SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.FLOAT, SimpleType.FLOAT,
      SimpleType.FLOAT, SimpleType.FLOAT};

  /** The open type of one tenant's figures. */
  public static final CompositeType ROW_TYPE;

  /** The open type of the tenant table, indexed by {@code tenant}. */
  public static final TabularType TABLE_TYPE;

  static {
    try {
      ROW_TYPE = new CompositeType("io.tenantcache.TenantStatistics",
          "one tenant's statistics in one cache", ITEMS, ITEM_DESCRIPTIONS, ITEM_TYPES);
      TABLE_TYPE = new TabularType("io.tenantcache.TenantStatisticsTable",
          "the most active tenants' statistics", ROW_TYPE, new String[] {"tenant"});
    } catch (OpenDataException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Map<String, String> ATTRIBUTE_DESCRIPTIONS = Map.of(
      "Tenants", "The tenants that hold entries or have been counted, sorted",
      "TenantCount", "How many tenants the cache holds or has counted",
      "TenantTable", "The most active tenants' figures (gets + puts + removals + loads), at most "
          + "TenantTableLimit rows",
      "TenantTableLimit", "The most rows TenantTable holds "
          + "(cache manager property tenantcache.management.tenant-table-size)",
      "OmittedTenants", "How many tenants TenantTable leaves out (the least active)");
  private static final Map<String, String> OPERATION_DESCRIPTIONS = Map.of(
      "tenantStatistics", "One tenant's figures",
      "clearTenant", "Removes all of the tenant's entries (no writer, no listeners)",
      "resetTenantStatistics", "Sets the tenant's counters back to zero (the cache's totals keep "
          + "its contribution)");

  private final StatisticsRegistry statistics;
  private final TenantCache<?, ?> cache;
  private final int tableLimit;

  /**
   * Creates the MXBean of {@code cache}, whose counters are {@code statistics}.
   *
   * @param tableLimit the most rows of the tenant table, at least 1
   */
  public TenantStatisticsMXBeanImpl(StatisticsRegistry statistics, TenantCache<?, ?> cache,
      int tableLimit) {
    if (tableLimit < 1) {
      throw new IllegalArgumentException("tableLimit must be at least 1, not " + tableLimit);
    }
    this.statistics = requireNonNull(statistics);
    this.cache = requireNonNull(cache);
    this.tableLimit = tableLimit;
  }

  /** Returns this MXBean wrapped with descriptions and parameter names for JMX consoles. */
  public StandardMBean asMBean() {
    try {
      return new Described(this);
    } catch (NotCompliantMBeanException e) {
      throw new IllegalStateException("TenantStatisticsMXBean is not a compliant MXBean", e);
    }
  }

  @Override
  public String[] getTenants() {
    return allTenants().toArray(String[]::new);
  }

  @Override
  public int getTenantCount() {
    return allTenants().size();
  }

  @Override
  public TabularData getTenantTable() {
    TabularDataSupport table = new TabularDataSupport(TABLE_TYPE);
    for (String tenant : mostActive(allTenants())) {
      table.put(row(cache.statistics(tenant)));
    }
    return table;
  }

  @Override
  public int getTenantTableLimit() {
    return tableLimit;
  }

  @Override
  public int getOmittedTenants() {
    return Math.max(0, allTenants().size() - tableLimit);
  }

  @Override
  public CompositeData tenantStatistics(String tenant) {
    return row(cache.statistics(tenant));
  }

  @Override
  public void clearTenant(String tenant) {
    cache.clearTenant(tenant);
  }

  @Override
  public void resetTenantStatistics(String tenant) {
    statistics.clearTenant(Tenants.validate(tenant));
  }

  private SortedSet<String> allTenants() {
    TreeSet<String> tenants = new TreeSet<>(statistics.tenants());
    tenants.addAll(cache.tenants());
    return tenants;
  }

  /** Returns the {@code tableLimit} most active of {@code tenants}, most active first. */
  private List<String> mostActive(Set<String> tenants) {
    record Ranked(String tenant, long activity) {}
    Comparator<Ranked> mostActiveFirst = Comparator.comparingLong(Ranked::activity).reversed()
        .thenComparing(Ranked::tenant);
    PriorityQueue<Ranked> kept = new PriorityQueue<>(mostActiveFirst.reversed());
    for (String tenant : tenants) {
      CacheStatistics counters = statistics.peek(tenant);
      kept.add(new Ranked(tenant, (counters == null) ? 0 : counters.activity()));
      if (kept.size() > tableLimit) {
        kept.poll();
      }
    }
    List<Ranked> ranked = new ArrayList<>(kept);
    ranked.sort(mostActiveFirst);
    return ranked.stream().map(Ranked::tenant).toList();
  }

  private static CompositeData row(TenantStatistics s) {
    Object[] values = {s.tenant(), s.size(), s.hits(), s.misses(), s.hitRate(), s.puts(),
        s.removals(), s.evictions(), s.expirations(), s.loads(), s.loadFailures(), s.staleLoads(),
        s.fallbackLoads(), s.refreshes(), s.refreshFailures(), s.averageGetMicros(), s.averagePutMicros(), s.averageRemoveMicros(),
        s.averageLoadMicros()};
    try {
      return new CompositeDataSupport(ROW_TYPE, ITEMS, values);
    } catch (OpenDataException e) {
      throw new IllegalStateException("tenant statistics do not match their open type", e);
    }
  }

  /** The MXBean with descriptions, and "tenant" as the name of every operation's parameter. */
  private static final class Described extends StandardMBean {
    Described(TenantStatisticsMXBean implementation) throws NotCompliantMBeanException {
      super(implementation, TenantStatisticsMXBean.class, false);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
      return "Per-tenant statistics of one TenantCache cache (counts only, no keys or values)";
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
      return ATTRIBUTE_DESCRIPTIONS.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
      return OPERATION_DESCRIPTIONS.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param,
        int sequence) {
      return "tenant";
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param,
        int sequence) {
      return "the tenant id";
    }
  }
}
