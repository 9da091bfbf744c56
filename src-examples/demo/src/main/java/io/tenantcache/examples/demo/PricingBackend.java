package io.tenantcache.examples.demo;

import io.tenantcache.Tenants;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * A pretend pricing service, one price list per tenant: the cache's loader. It counts its calls
 * per tenant and key, can be made to fail for some tenants, and publishes a new price list on
 * demand. The tenant it loads for is the one TenantCache binds for the entry being loaded.
 */
final class PricingBackend implements CacheLoader<String, String> {
  private static final Map<String, Integer> BASE_CENTS =
      Map.of("coffee", 250, "tea", 180, "espresso", 210, "latte", 320);
  private static final Map<String, Integer> TENANT_CENTS =
      Map.of("acme", 0, "globex", -20, "initech", 30);

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final AtomicInteger priceList = new AtomicInteger(1);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrivals = lock.newCondition();
  private final Map<String, Integer> arrived = new ConcurrentHashMap<>();
  private volatile int awaitedCallers;
  private volatile long latencyMillis;

  @Override
  public String load(String key) {
    String tenant = Tenants.current().orElseThrow(); // TenantCache binds the entry's tenant
    calls.computeIfAbsent(tenant + "/" + key, k -> new AtomicInteger()).incrementAndGet();
    awaitCallers(tenant + "/" + key);
    if (down.contains(tenant)) {
      throw new CacheLoaderException(
          "pricing service for " + tenant + " is unavailable (HTTP 503)");
    }
    int cents = BASE_CENTS.getOrDefault(key, 100) + TENANT_CENTS.getOrDefault(tenant, 0)
        + 20 * (priceList.get() - 1);
    return String.format(Locale.ROOT, "%d.%02d EUR (%s, price list %d)", cents / 100, cents % 100,
        tenant, priceList.get());
  }

  @Override
  public Map<String, String> loadAll(Iterable<? extends String> keys) {
    Map<String, String> loaded = new TreeMap<>();
    keys.forEach(key -> loaded.put(key, load(key)));
    return loaded;
  }

  /** Returns how often the backend was called for each tenant/key. */
  Map<String, Integer> calls() {
    Map<String, Integer> snapshot = new TreeMap<>();
    calls.forEach((key, count) -> snapshot.put(key, count.get()));
    return snapshot;
  }

  /** Returns the calls made for one tenant, over all keys. */
  int callsFor(String tenant) {
    return calls.entrySet().stream().filter(e -> e.getKey().startsWith(tenant + "/"))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  void resetCalls() {
    calls.clear();
  }

  void takeDown(String tenant) {
    down.add(tenant);
  }

  void publishNewPriceList() {
    priceList.incrementAndGet();
  }

  /**
   * Makes each call wait (up to two seconds) until {@code callers} callers have announced
   * themselves for its tenant/key, then take {@code latencyMillis}: a slow backend hit by a
   * stampede. 0 callers: no waiting.
   */
  void simulateStampede(int callers, long latencyMillis) {
    this.awaitedCallers = callers;
    this.latencyMillis = latencyMillis;
    arrived.clear();
  }

  /** A caller announces it is about to read tenant/key. */
  void arriving(String tenantKey) {
    lock.lock();
    try {
      arrived.merge(tenantKey, 1, Integer::sum);
      arrivals.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitCallers(String tenantKey) {
    if (awaitedCallers == 0) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    lock.lock();
    try {
      while (arrived.getOrDefault(tenantKey, 0) < awaitedCallers) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        arrivals.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    try {
      Thread.sleep(latencyMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
