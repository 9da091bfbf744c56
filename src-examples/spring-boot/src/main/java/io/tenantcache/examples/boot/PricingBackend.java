package io.tenantcache.examples.boot;

import io.tenantcache.Tenants;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * A pretend pricing backend whose prices differ per tenant (each tenant has its own price list).
 * It reads the tenant the starter bound for the request, and counts its calls per tenant and key
 * so that the example's test can tell a cache hit from a miss. Thread-safe.
 */
@Component
public class PricingBackend {
  private final Map<Call, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Prices {@code symbol} for the current tenant. */
  public Quote quote(String symbol) {
    String tenant = called(symbol);
    return new Quote(symbol, 100L + Math.floorMod(symbol.hashCode() + tenant.hashCode(), 900),
        tenant);
  }

  /** Returns the current tenant's rate of {@code currency}, in thousandths. */
  public long rate(String currency) {
    String tenant = called(currency);
    return 1_000L + Math.floorMod(currency.hashCode() * 31 + tenant.hashCode(), 500);
  }

  /** Returns how often the backend was called for {@code key} of {@code tenant}. */
  public int calls(String tenant, String key) {
    AtomicInteger count = calls.get(new Call(tenant, key));
    return (count == null) ? 0 : count.get();
  }

  private String called(String key) {
    String tenant = Tenants.current().orElseThrow(
        () -> new IllegalStateException("no tenant bound for " + key));
    calls.computeIfAbsent(new Call(tenant, key), k -> new AtomicInteger()).incrementAndGet();
    return tenant;
  }

  private record Call(String tenant, String key) {}
}
