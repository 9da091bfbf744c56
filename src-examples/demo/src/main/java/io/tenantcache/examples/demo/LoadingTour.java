package io.tenantcache.examples.demo;

import static io.tenantcache.examples.demo.TenantCacheDemo.FAILING_TENANT;
import static io.tenantcache.examples.demo.TenantCacheDemo.section;

import io.tenantcache.TenantCache;
import io.tenantcache.Tenants;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;

/**
 * The demo's loading chapter: refresh-ahead keeps a hot price fresh without a reader waiting for
 * the pricing service, and a fallback answers for a key that was never cached when the service
 * is down (stale-if-error has nothing to serve there).
 */
final class LoadingTour {
  /** The price the fallback answers when the pricing service fails and nothing is cached. */
  static final String PRICE_ON_REQUEST = "price on request";

  private final PrintStream out;
  private final FakeClock clock;
  private final PricingBackend backend;
  private final Cache<String, String> prices;
  private final TenantCache<String, String> admin;

  LoadingTour(PrintStream out, FakeClock clock, PricingBackend backend,
      Cache<String, String> prices, TenantCache<String, String> admin) {
    this.out = out;
    this.clock = clock;
    this.backend = backend;
    this.prices = prices;
    this.admin = admin;
  }

  /** What the chapter observed. */
  record Observed(String servedAtOnce, String afterRefresh, long refreshes, String fallback,
      long fallbackLoads) {}

  Observed run(Duration refreshAfter) throws Exception {
    section(out, 4, "Refresh-ahead, and a fallback for what was never cached");
    clock.advance(refreshAfter.plusMinutes(1));
    backend.publishNewPriceList();
    out.println("   The clock moves " + refreshAfter.plusMinutes(1).toMinutes() + " minutes on: "
        + "acme's coffee was loaded that long ago, older than refreshAfterWrite");
    out.println("   (" + refreshAfter.toMinutes() + " minutes) but not yet expired. The pricing "
        + "service publishes price list 3.");
    out.println();
    long refreshesBefore = admin.statistics("acme").refreshes();
    int callsBefore = backend.callsFor("acme");
    Table table = new Table("tenant", "call", "answer", "how");
    String servedAtOnce = Tenants.call("acme", () -> prices.get("coffee"));
    table.row("acme", "get(coffee)", servedAtOnce, "at once; a reload starts in the background");
    awaitRefresh(refreshesBefore);
    String afterRefresh = Tenants.call("acme", () -> prices.get("coffee"));
    table.row("acme", "get(coffee)", afterRefresh,
        "hit: the reload replaced it (" + (backend.callsFor("acme") - callsBefore) + " call)");
    long refreshes = admin.statistics("acme").refreshes() - refreshesBefore;

    long fallbacksBefore = admin.statistics(FAILING_TENANT).fallbackLoads();
    String fallback = Tenants.call(FAILING_TENANT, () -> prices.get("matcha"));
    table.row(FAILING_TENANT, "get(matcha)", fallback,
        "never cached, service down: the fallback");
    long fallbackLoads = admin.statistics(FAILING_TENANT).fallbackLoads() - fallbacksBefore;
    table.print(out, "   ");
    out.println();
    out.println("   No reader waited for the reload (TenantCacheConfiguration.Builder"
        + ".refreshAfterWrite);");
    out.println("   LoadResilience.Builder.fallback answered " + FAILING_TENANT
        + "'s new key, where stale-if-error had no old value.");
    return new Observed(servedAtOnce, afterRefresh, refreshes, fallback, fallbackLoads);
  }

  /** Waits (at most 5 s) until acme's statistics count the background reload as done. */
  private void awaitRefresh(long refreshesBefore) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (admin.statistics("acme").refreshes() == refreshesBefore
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }
}
