package io.tenantcache.spring.boot.async;

import io.tenantcache.Tenants;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The backend behind the cached methods: counts its calls per tenant (the one bound where it
 * runs) and symbol, holds the calls of a symbol until the test opens its gate, and runs the
 * asynchronous ones on a pool of its own that carries the tenant ({@code Tenants.wrap}).
 */
@Component
public class AsyncBackend implements DisposableBean {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  /** The backend's own threads, which run a task with the tenant bound when it was handed over. */
  Executor executor() {
    return Tenants.wrap(pool);
  }

  /** Returns {@code <tenant>:<symbol>:<call number>}, after the symbol's gate opens if held. */
  String quote(String symbol) {
    String tenant = Tenants.current().orElse("none");
    int call = count(calls, tenant + "/" + symbol);
    CountDownLatch gate = gates.get(symbol);
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
    return tenant + ":" + symbol + ":" + call;
  }

  void arrived(String symbol) {
    count(arrivals, symbol);
  }

  /** Makes the calls of {@code symbol} wait until {@link #open} is called. */
  public void hold(String symbol) {
    gates.put(symbol, new CountDownLatch(1));
  }

  /** Lets the calls of {@code symbol} finish. */
  public void open(String symbol) {
    gates.get(symbol).countDown();
  }

  /** How often the backend was called for {@code symbol} of {@code tenant}. */
  public int calls(String tenant, String symbol) {
    AtomicInteger count = calls.get(tenant + "/" + symbol);
    return (count == null) ? 0 : count.get();
  }

  /** How many requests for {@code symbol} reached the controller. */
  public int arrivals(String symbol) {
    AtomicInteger count = arrivals.get(symbol);
    return (count == null) ? 0 : count.get();
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }

  private static int count(Map<String, AtomicInteger> counts, String name) {
    return counts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
  }
}
