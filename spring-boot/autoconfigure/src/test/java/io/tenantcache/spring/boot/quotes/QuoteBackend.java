package io.tenantcache.spring.boot.quotes;

import io.tenantcache.Tenants;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The backend behind the cached methods: counts its calls per tenant and symbol, and holds the
 * slow calls of one symbol until the test opens the gate.
 */
@Component
public class QuoteBackend {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  String quote(String symbol) {
    String tenant = Tenants.current().orElse("none");
    int call = count(calls, tenant + "/" + symbol);
    return tenant + ":" + symbol + ":" + call;
  }

  String slowQuote(String symbol) {
    CountDownLatch gate = gates.get(symbol);
    String quote = quote(symbol);
    if (gate != null) {
      try {
        if (!gate.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the gate of " + symbol + " was not opened in 20 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return quote;
  }

  void arrived(String symbol) {
    count(arrivals, symbol);
  }

  /** Makes the slow calls of {@code symbol} wait until {@link #open} is called. */
  public void hold(String symbol) {
    gates.put(symbol, new CountDownLatch(1));
  }

  /** Lets the slow calls of {@code symbol} finish. */
  public void open(String symbol) {
    gates.get(symbol).countDown();
  }

  /** How often the backend was called for {@code symbol} of {@code tenant}. */
  public int calls(String tenant, String symbol) {
    AtomicInteger count = calls.get(tenant + "/" + symbol);
    return (count == null) ? 0 : count.get();
  }

  /** How many requests for a slow quote of {@code symbol} reached the controller. */
  public int arrivals(String symbol) {
    AtomicInteger count = arrivals.get(symbol);
    return (count == null) ? 0 : count.get();
  }

  private static int count(Map<String, AtomicInteger> counts, String name) {
    return counts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
  }
}
