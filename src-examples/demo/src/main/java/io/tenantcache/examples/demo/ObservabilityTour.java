package io.tenantcache.examples.demo;

import static io.tenantcache.examples.demo.TenantCacheDemo.CACHE;
import static io.tenantcache.examples.demo.TenantCacheDemo.MANAGER_URI;
import static io.tenantcache.examples.demo.TenantCacheDemo.TENANTS;
import static io.tenantcache.examples.demo.TenantCacheDemo.WAIT_PROPERTY;
import static io.tenantcache.examples.demo.TenantCacheDemo.section;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The demo's tour of what operators see: the per-tenant statistics table, the JMX names (and,
 * when asked, a pause for JConsole), and the Prometheus scrape.
 */
final class ObservabilityTour {
  private final PrintStream out;
  private final CacheManager manager;
  private final Cache<String, String> prices;
  private final TenantCache<String, String> admin;

  ObservabilityTour(PrintStream out, CacheManager manager, Cache<String, String> prices,
      TenantCache<String, String> admin) {
    this.out = out;
    this.manager = manager;
    this.prices = prices;
    this.admin = admin;
  }

  Map<String, TenantStatistics> statisticsTable() {
    section(out, 5, "Per-tenant statistics (cache.unwrap(TenantCache.class).statistics(tenant))");
    Map<String, TenantStatistics> all = new LinkedHashMap<>();
    Table table = new Table("tenant", "size", "gets", "hits", "misses", "hit rate", "puts",
        "loads", "failed loads", "stale", "mean load");
    for (String tenant : TENANTS) {
      TenantStatistics s = admin.statistics(tenant);
      all.put(tenant, s);
      table.row(tenant, s.size(), s.gets(), s.hits(), s.misses(),
          String.format(Locale.ROOT, "%.1f %%", 100 * s.hitRate()), s.puts(), s.loads(),
          s.loadFailures(), s.staleLoads(),
          String.format(Locale.ROOT, "%.1f ms", s.averageLoadMicros() / 1000));
    }
    table.print(out, "   ");
    out.println();
    out.println("   Every coalesced caller counts a miss; a breaker's rejection counts as a failed "
        + "load. The");
    out.println("   standard JCache statistics MXBean shows the sums. A tenant's size counts live "
        + "entries only:");
    out.println("   expired prices kept for stale-if-error are not in it.");
    return all;
  }

  // ---------------------------------------------------------------------------------------------

  List<String> jmx(boolean waitForJConsole) throws Exception {
    section(out, 6, "JMX: the MBeans this cache registered on the platform MBeanServer");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> found = new TreeSet<>();
    found.addAll(server.queryNames(new ObjectName("javax.cache:*"), null));
    found.addAll(server.queryNames(new ObjectName("io.tenantcache:*"), null));
    String managerName = MANAGER_URI.toString().replaceAll("[,:=\n]", ".");
    List<String> names = found.stream()
        .filter(name -> managerName.equals(name.getKeyProperty("CacheManager")))
        .map(ObjectName::toString)
        .collect(Collectors.toList());
    for (String name : names) {
      out.println("   " + name);
    }
    ObjectName statistics = new ObjectName(
        "javax.cache:type=CacheStatistics,CacheManager=" + managerName + ",Cache=" + CACHE);
    ObjectName tenants = new ObjectName(
        "io.tenantcache:type=TenantStatistics,CacheManager=" + managerName + ",Cache=" + CACHE);
    out.println();
    out.printf(Locale.ROOT,
        "   CacheStatistics (all tenants): CacheGets=%s, CacheHitPercentage=%.1f %%%n",
        server.getAttribute(statistics, "CacheGets"),
        (Float) server.getAttribute(statistics, "CacheHitPercentage"));
    out.println("   TenantStatistics: Tenants="
        + Arrays.toString((String[]) server.getAttribute(tenants, "Tenants"))
        + "; TenantTable has the rows of section 5.");
    out.println();
    out.println("   To browse them in JConsole, keep the demo open with");
    out.println("     mvn -q -Pdemo -Dmaven.test.skip=true package -D" + WAIT_PROPERTY + "=true");
    out.println("   then run `jconsole` and pick the Maven process (main class");
    out.println("   org.codehaus.plexus.classworlds.launcher.Launcher). On the MBeans tab, look "
        + "under javax.cache");
    out.println("   and io.tenantcache: TenantTable is an attribute of TenantStatistics, and "
        + "clearTenant and");
    out.println("   resetTenantStatistics are its operations.");
    if (waitForJConsole) {
      out.println();
      out.println("   Waiting for JConsole: process id " + ProcessHandle.current().pid()
          + ". Press Enter to go on.");
      out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    return names;
  }

  // ---------------------------------------------------------------------------------------------

  private static final List<String> SHOWN_FAMILIES = List.of("cache_gets_total",
      "cache_load_total", "cache_size", "resilience4j_circuitbreaker_state");

  String prometheus(PrometheusMeterRegistry registry) {
    section(out, 7, "Micrometer meters, as Prometheus scrapes them (tenant tag on)");
    out.println("   The registry was passed as manager property tenantcache.metrics.registry, "
        + "with");
    out.println("   tenantcache.metrics.tenant-tag=true. A selection of registry.scrape():");
    out.println();
    String scrape = registry.scrape();
    Set<String> otherFamilies = new TreeSet<>();
    int otherLines = 0;
    for (String line : scrape.lines().collect(Collectors.toList())) {
      if (line.isBlank() || line.startsWith("# HELP") || line.startsWith("# EOF")) {
        continue;
      }
      String family = family(line);
      if (!SHOWN_FAMILIES.contains(family)) {
        if (line.startsWith("# TYPE ")) {
          otherFamilies.add(family);
        } else {
          otherLines++;
        }
        continue;
      }
      if (family.equals("resilience4j_circuitbreaker_state") && !line.startsWith("#")
          && !line.endsWith(" 1.0")) {
        continue; // one line per state; show the state each breaker is in
      }
      out.println("   " + line);
    }
    out.println();
    out.println("   cache_size counts the entries the cache holds, the expired prices kept for "
        + "stale-if-error");
    out.println("   included (they take memory until evicted); section 5's size counts live "
        + "entries only.");
    out.println();
    out.println("   Also in the scrape, " + otherLines + " more lines of:");
    StringBuilder line = new StringBuilder("  ");
    for (String family : otherFamilies) {
      if (line.length() + family.length() > 96) {
        out.println(line);
        line = new StringBuilder("  ");
      }
      line.append(' ').append(family);
    }
    out.println(line);
    return scrape;
  }

  /** Returns the metric family of a Prometheus text line (sample or # TYPE line). */
  private static String family(String line) {
    if (line.startsWith("# TYPE ")) {
      String rest = line.substring("# TYPE ".length());
      return rest.substring(0, rest.indexOf(' '));
    }
    int end = line.length();
    for (char c : new char[] {'{', ' '}) {
      int at = line.indexOf(c);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    return line.substring(0, end);
  }
}
