package io.tenantcache.examples;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.Tenants;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Two tenants read the same keys through one read-through cache: each tenant gets its own entries,
 * the loader is told which tenant it loads for, and the statistics count both.
 */
public final class TwoTenantsDemo {
  private TwoTenantsDemo() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the demo, printing to {@code out}; returns the loads the backend saw, per tenant. */
  static Map<String, Integer> run(PrintStream out) throws Exception {
    UserDirectory.LOADS.clear();
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      Cache<String, String> users = manager.createCache("users",
          TenantCacheConfiguration.builder(String.class, String.class)
              .maximumSize(10_000)
              .readThrough(FactoryBuilder.factoryOf(UserDirectory.class))
              .statisticsEnabled(true)
              .build());

      out.println("== TenantCache demo: two tenants, one cache, the same keys ==");
      List<String> keys = List.of("alice", "bob");
      for (String tenant : List.of("acme", "globex")) {
        try (Tenants.Scope scope = Tenants.bind(tenant)) {
          for (int round = 1; round <= 2; round++) {
            for (String key : keys) {
              out.printf("  [%s] get(%s) -> %s%n", tenant, key, users.get(key));
            }
          }
        }
      }

      TenantCache<String, String> admin = users.unwrap(TenantCache.class);
      out.println();
      out.println("Tenants holding entries: " + admin.tenants());
      out.println("acme's view of alice:   " + admin.forTenant("acme").get("alice"));
      out.println("globex's view of alice: " + admin.forTenant("globex").get("alice"));
      out.println("Backend loads per tenant: " + UserDirectory.LOADS);

      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName statistics = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + manager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=users");
      out.println();
      out.println("Statistics (JMX " + statistics + "):");
      for (String attribute : List.of("CacheGets", "CacheHits", "CacheMisses", "CacheHitPercentage",
          "CachePuts", "AverageGetTime")) {
        out.printf("  %-20s %s%n", attribute, server.getAttribute(statistics, attribute));
      }
      return Map.copyOf(UserDirectory.LOADS);
    } finally {
      manager.close();
    }
  }

  /** A pretend user directory: answers with the tenant it was asked for, and counts the calls. */
  public static final class UserDirectory implements CacheLoader<String, String> {
    static final Map<String, Integer> LOADS = new ConcurrentHashMap<>();
    private static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public String load(String key) {
      String tenant = Tenants.current().orElse("?");
      LOADS.merge(tenant, 1, Integer::sum);
      CALLS.incrementAndGet();
      System.out.printf("    backend: loading %s for tenant %s%n", key, tenant);
      return key + "@" + tenant;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new ConcurrentHashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
