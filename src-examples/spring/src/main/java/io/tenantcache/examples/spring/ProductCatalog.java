package io.tenantcache.examples.spring;

import io.tenantcache.Tenants;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pretend product database behind the cache: one catalogue per tenant, a little slow, and it
 * counts its calls per tenant so the examples can show what the cache saved. It learns the tenant
 * the way the application does, from the request (here: {@link RequestTenantResolver}).
 */
public class ProductCatalog {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final RequestTenantResolver tenants = new RequestTenantResolver();
  private volatile long latencyMillis;

  /** Looks a product up in the current tenant's catalogue. */
  public Product find(long id) {
    String tenant = currentTenant();
    calls.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
    if (latencyMillis > 0) {
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Product(id, tenant + "'s product " + id, tenant);
  }

  /** Returns how often the catalogue was asked for the tenant's products. */
  public int calls(String tenant) {
    AtomicInteger count = calls.get(tenant);
    return (count == null) ? 0 : count.get();
  }

  /** Makes every lookup take this long. */
  public void setLatencyMillis(long latencyMillis) {
    this.latencyMillis = latencyMillis;
  }

  private String currentTenant() {
    return tenants.currentTenant().or(Tenants::current)
        .orElseThrow(() -> new IllegalStateException("no tenant in this request"));
  }
}
