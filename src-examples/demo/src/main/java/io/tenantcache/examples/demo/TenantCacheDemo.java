package io.tenantcache.examples.demo;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.spi.TenantCachingProvider;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * TenantCache in one short run: three tenants share one read-through cache of prices; a stampede
 * of concurrent misses makes one backend call per tenant and key; one tenant's backend fails, so
 * only its circuit breaker opens and it is served stale prices; refresh-ahead and a fallback; then
 * the per-tenant statistics, the JMX names and the Micrometer meters (in Prometheus' text format);
 * last, two replicas that stay coherent through a redis-server (when one is on the PATH), and
 * replicas in mode shared, where one replica's load serves the others.
 *
 * <p>Run it from the repository root with {@code mvn -q -Pdemo -Dmaven.test.skip=true package};
 * add {@code -Dtenantcache.demo.wait=true} to keep it open for JConsole until Enter is pressed.
 */
public final class TenantCacheDemo {
  static final URI MANAGER_URI = URI.create("urn:tenantcache:demo");
  static final String CACHE = "prices";
  static final List<String> TENANTS = List.of("acme", "globex", "initech");
  static final String FAILING_TENANT = "globex";
  static final List<String> STAMPEDE_KEYS = List.of("espresso", "latte");
  static final int THREADS_PER_KEY = 50;
  static final String WAIT_PROPERTY = "tenantcache.demo.wait";
  private static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
  private static final Duration REFRESH_AFTER = Duration.ofMinutes(2);
  private static final Duration MAX_STALENESS = Duration.ofHours(1);
  private static final long BACKEND_LATENCY_MILLIS = 50;

  private final PrintStream out;
  private final FakeClock clock;
  private final PricingBackend backend;
  private final CacheManager manager;
  private final Cache<String, String> prices;
  private final TenantCache<String, String> admin;

  private TenantCacheDemo(PrintStream out, FakeClock clock, PricingBackend backend,
      CacheManager manager, Cache<String, String> prices) {
    this.out = out;
    this.clock = clock;
    this.backend = backend;
    this.manager = manager;
    this.prices = prices;
    this.admin = admin(prices);
  }

  public static void main(String[] args) throws Exception {
    boolean wait = Boolean.getBoolean(WAIT_PROPERTY) || Arrays.asList(args).contains("--wait");
    run(System.out, wait);
  }

  /** Runs the demo, printing to {@code out}, and returns what it observed (for the test). */
  static Report run(PrintStream out) throws Exception {
    return run(out, false);
  }

  /** What a run observed. */
  record Report(int stampedeThreads, Map<String, Integer> stampedeBackendCalls,
      int wrongTenantAnswers, Map<String, String> breakerStates, Map<String, Long> staleAnswers,
      LoadingTour.Observed loading, Map<String, TenantStatistics> statistics,
      List<String> objectNames, String prometheus,
      ReplicasTour.@Nullable Observed replicas) {}

  private static Report run(PrintStream out, boolean waitForJConsole) throws Exception {
    long started = System.nanoTime();
    FakeClock clock = new FakeClock();
    PricingBackend backend = new PricingBackend();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Properties properties = new Properties();
    properties.put(TenantCacheProperties.METRICS_REGISTRY, registry);
    properties.setProperty(TenantCacheProperties.METRICS_TENANT_TAG, "true");
    CacheManager manager = Caching.getCachingProvider(TenantCachingProvider.class.getName(),
            TenantCacheDemo.class.getClassLoader())
        .getCacheManager(MANAGER_URI, TenantCacheDemo.class.getClassLoader(), properties);
    try {
      Cache<String, String> prices =
          manager.createCache(CACHE, configuration(backend, clock));
      TenantCacheDemo demo = new TenantCacheDemo(out, clock, backend, manager, prices);
      demo.intro();
      demo.tenantsOnOneCache();
      StampedeResult stampede = demo.stampede();
      Map<String, Long> stale = demo.failingBackend();
      Map<String, String> breakers = demo.circuitBreakers();
      LoadingTour.Observed loading =
          new LoadingTour(out, clock, backend, prices, admin(prices)).run(REFRESH_AFTER);
      ObservabilityTour tour = new ObservabilityTour(out, manager, prices, admin(prices));
      Map<String, TenantStatistics> statistics = tour.statisticsTable();
      List<String> names = tour.jmx(waitForJConsole);
      String scrape = tour.prometheus(registry);
      ReplicasTour.Observed replicas = new ReplicasTour(out).run(8);
      out.printf(Locale.ROOT, "%nDone in %.1f s.%n", (System.nanoTime() - started) / 1e9);
      return new Report(stampede.threads(), stampede.calls(), stampede.wrongTenantAnswers(),
          breakers, stale, loading, statistics, names, scrape, replicas);
    } finally {
      manager.close();
      registry.close();
    }
  }

  @SuppressWarnings("unchecked") // unwrap(Class) cannot carry the type arguments
  private static TenantCache<String, String> admin(Cache<String, String> cache) {
    return cache.unwrap(TenantCache.class);
  }

  private static TenantCacheConfiguration<String, String> configuration(PricingBackend backend,
      FakeClock clock) {
    return TenantCacheConfiguration.builder(String.class, String.class)
        .maximumSize(10_000)
        .readThrough(() -> backend)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MINUTES, TIME_TO_LIVE.toMinutes())))
        .resilience(LoadResilience.builder()
            .circuitBreaker(CircuitBreakerConfig.custom()
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build(), ResilienceScope.TENANT)
            .staleIfError(MAX_STALENESS)
            .fallback((key, failure) -> LoadingTour.PRICE_ON_REQUEST)
            .build())
        .refreshAfterWrite(REFRESH_AFTER)
        .ticker(clock)
        .statisticsEnabled(true)
        .managementEnabled(true)
        .build();
  }

  private void intro() {
    out.println("TenantCache demo");
    out.println("================");
    out.println("One JCache cache, \"" + CACHE + "\", shared by three tenants: " + TENANTS + ".");
    out.println("It reads through to a pretend pricing service (one price list per tenant), keeps");
    out.println("entries " + TIME_TO_LIVE.toMinutes() + " minutes, guards loads with a circuit "
        + "breaker per tenant and serves stale prices");
    out.println("for up to " + MAX_STALENESS.toHours() + " hour when a reload fails. The cache's "
        + "clock is a fake one that the demo moves,");
    out.println("so nothing here waits for time to pass.");
  }

  // ---------------------------------------------------------------------------------------------

  private void tenantsOnOneCache() throws Exception {
    section(1, "Several tenants, one cache: the same keys, separate entries");
    out.println("   Each call runs for the tenant bound on its thread, e.g.");
    out.println("   try (var scope = Tenants.bind(\"acme\")) { prices.get(\"coffee\"); }");
    out.println();
    Table table = new Table("tenant", "call", "answer", "backend");
    for (String tenant : TENANTS) {
      get(table, tenant, "coffee");
    }
    get(table, "acme", "coffee");
    Tenants.run("globex", () -> prices.put("tea", "1.75 EUR (globex's own price)"));
    table.row("globex", "put(tea, ...)", "1.75 EUR (globex's own price)", "-");
    get(table, "acme", "tea");
    get(table, "globex", "tea");
    table.print(out, "   ");
    out.println();
    out.println("   Tenants holding entries: " + new TreeSet<>(admin.tenants())
        + ". The cache keys entries by");
    out.println("   TenantKey(tenant, key): globex's put is invisible to acme, and acme's coffee "
        + "is not globex's.");
  }

  private void get(Table table, String tenant, String key) throws Exception {
    int before = backend.callsFor(tenant);
    String value = Tenants.call(tenant, () -> prices.get(key));
    int calls = backend.callsFor(tenant) - before;
    table.row(tenant, "get(" + key + ")", value, calls == 0 ? "hit, not called" : "called");
  }

  // ---------------------------------------------------------------------------------------------

  private record StampedeResult(int threads, Map<String, Integer> calls, int wrongTenantAnswers) {}

  private StampedeResult stampede() throws Exception {
    int threads = TENANTS.size() * STAMPEDE_KEYS.size() * THREADS_PER_KEY;
    section(2, "A stampede: " + threads + " concurrent misses");
    out.println("   " + threads + " threads read " + STAMPEDE_KEYS + " for each tenant at the same "
        + "moment (" + THREADS_PER_KEY + " threads");
    out.println("   per tenant+key); the pricing service takes " + BACKEND_LATENCY_MILLIS
        + " ms per call.");
    out.println();
    backend.resetCalls();
    backend.simulateStampede(THREADS_PER_KEY, BACKEND_LATENCY_MILLIS);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    Map<String, List<Future<String>>> answers = new LinkedHashMap<>();
    try {
      for (String tenant : TENANTS) {
        for (String key : STAMPEDE_KEYS) {
          List<Future<String>> futures = new ArrayList<>();
          for (int i = 0; i < THREADS_PER_KEY; i++) {
            futures.add(pool.submit(() -> {
              start.await();
              backend.arriving(tenant + "/" + key);
              return Tenants.call(tenant, () -> prices.get(key));
            }));
          }
          answers.put(tenant + "/" + key, futures);
        }
      }
      start.countDown();
      int wrongTenant = 0;
      for (Map.Entry<String, List<Future<String>>> entry : answers.entrySet()) {
        String tenant = entry.getKey().substring(0, entry.getKey().indexOf('/'));
        for (Future<String> answer : entry.getValue()) {
          if (!answer.get(30, TimeUnit.SECONDS).contains("(" + tenant + ",")) {
            wrongTenant++;
          }
        }
      }
      Map<String, Integer> calls = backend.calls();
      Table table = new Table("tenant+key", "threads", "backend calls");
      int total = 0;
      for (String tenantKey : answers.keySet()) {
        int count = calls.getOrDefault(tenantKey, 0);
        total += count;
        table.row(tenantKey, THREADS_PER_KEY, count);
      }
      table.row("all", threads, total);
      table.print(out, "   ");
      out.println();
      out.println("   " + threads + " threads, " + total + " backend calls: one per tenant+key. "
          + "The others waited for that call");
      out.println("   (coalesced), and every thread got its own tenant's price (answers for "
          + "another tenant: " + wrongTenant + ").");
      return new StampedeResult(threads, calls, wrongTenant);
    } finally {
      backend.simulateStampede(0, 0);
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Map<String, Long> failingBackend() throws Exception {
    section(3, FAILING_TENANT + "'s pricing service goes down");
    clock.advance(Duration.ofMinutes(10));
    backend.publishNewPriceList();
    backend.takeDown(FAILING_TENANT);
    out.println("   The cache's clock moves 10 minutes on (a Caffeine Ticker passed to");
    out.println("   TenantCacheConfiguration.Builder.ticker): every entry expired 5 minutes ago. "
        + "The pricing");
    out.println("   service publishes price list 2, but for " + FAILING_TENANT
        + " it now answers HTTP 503.");
    out.println();
    Map<String, Long> staleBefore = new TreeMap<>();
    for (String tenant : TENANTS) {
      staleBefore.put(tenant, admin.statistics(tenant).staleLoads());
    }
    Table table = new Table("tenant", "call", "answer", "how");
    reload(table, "acme", "coffee");
    reload(table, "initech", "coffee");
    for (String key : List.of("coffee", "tea", "espresso", "latte", "coffee")) {
      reload(table, FAILING_TENANT, key);
    }
    table.print(out, "   ");
    Map<String, Long> stale = new TreeMap<>();
    for (String tenant : TENANTS) {
      long before = staleBefore.getOrDefault(tenant, 0L);
      stale.put(tenant, admin.statistics(tenant).staleLoads() - before);
    }
    return stale;
  }

  private void reload(Table table, String tenant, String key) throws Exception {
    int callsBefore = backend.callsFor(tenant);
    long staleBefore = admin.statistics(tenant).staleLoads();
    String value = Tenants.call(tenant, () -> prices.get(key));
    boolean called = backend.callsFor(tenant) > callsBefore;
    boolean stale = admin.statistics(tenant).staleLoads() > staleBefore;
    String how;
    if (!stale) {
      how = called ? "reloaded, fresh" : "hit";
    } else if (called) {
      how = "STALE: reload failed";
    } else {
      how = "STALE: breaker OPEN, not called";
    }
    table.row(tenant, "get(" + key + ")", value, how);
  }

  private Map<String, String> circuitBreakers() {
    out.println();
    out.println("   Circuit breakers, one per tenant:");
    out.println("   manager.unwrap(TenantCacheManager.class).circuitBreakers()");
    out.println();
    Map<String, String> states = new TreeMap<>();
    Table table = new Table("breaker", "state", "recent calls", "failed", "failure rate",
        "not permitted");
    List<CircuitBreaker> breakers = new ArrayList<>(manager.unwrap(TenantCacheManager.class)
        .circuitBreakers().getAllCircuitBreakers());
    breakers.sort((a, b) -> a.getName().compareTo(b.getName()));
    for (CircuitBreaker breaker : breakers) {
      CircuitBreaker.Metrics metrics = breaker.getMetrics();
      float rate = metrics.getFailureRate();
      states.put(breaker.getName(), breaker.getState().name());
      table.row(breaker.getName(), breaker.getState(), metrics.getNumberOfBufferedCalls(),
          metrics.getNumberOfFailedCalls(),
          rate < 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", rate),
          metrics.getNumberOfNotPermittedCalls());
    }
    table.print(out, "   ");
    out.println();
    out.println("   Only " + FAILING_TENANT + "'s breaker opened: acme and initech kept loading "
        + "fresh prices, and " + FAILING_TENANT + "'s");
    out.println("   callers got its last known prices instead of errors.");
    return states;
  }

  // ---------------------------------------------------------------------------------------------

  private void section(int number, String title) {
    section(out, number, title);
  }

  /** Prints the heading of section {@code number}. */
  static void section(PrintStream out, int number, String title) {
    out.println();
    out.println(number + ". " + title);
    out.println();
  }
}
