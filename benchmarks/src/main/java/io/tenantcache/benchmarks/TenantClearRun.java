package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterTransport;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * A tenant clear across replicas: replica B holds {@code tenants x perTenant} entries (default
 * 1,000 x 1,000), replica A clears one tenant, and the run reports how long until B serves none of
 * that tenant's entries (a probe on B reads 1,000 of them, spread evenly, until a pass finds
 * none) and B's get latency meanwhile (a reader on B reads another tenant's keys from 20 ms before
 * the clear until 100 ms after B served none, while B removes the hidden entries in the
 * background). Not JMH: it times one event, not a rate. Run with
 * {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar io.tenantcache.benchmarks.TenantClearRun
 * [tenants] [perTenant] [clears] [invalidate|shared]}.
 *
 * <p>In mode {@code shared} B's entries are in Redis too (B waits until its changes are all
 * there), and the run times both tiers: the probe above (containsKey: B's local tier only), then
 * until B's gets of {@value #SAMPLED} of the tenant's keys, spread evenly, all answer null (a get
 * that misses locally reads Redis, so null means neither tier serves the old value).
 */
public final class TenantClearRun {
  /** Keys of the cleared tenant that the probe of both tiers gets. */
  static final int SAMPLED = 10;

  private TenantClearRun() {}

  public static void main(String[] args) throws Exception {
    int tenants = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000;
    int perTenant = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000;
    int clears = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
    boolean shared = args.length > 3 && args[3].equals("shared");
    try (LocalRedis redis = LocalRedis.start()) {
      Properties properties = new Properties();
      properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redis.uri());
      properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, "clear-" + System.nanoTime());
      if (shared) {
        properties.setProperty(TenantCacheProperties.CLUSTER_MODE, "shared");
        // B's filling puts all wait in its queue of changes: none may become a cache clear.
        properties.setProperty(TenantCacheProperties.CLUSTER_OUTBOX_CAPACITY,
            Long.toString((long) tenants * perTenant + 10_000));
      }
      CacheManager managerA = manager("a", properties);
      CacheManager managerB = manager("b", properties);
      TenantCacheConfiguration<Integer, Integer> configuration = TenantCacheConfiguration
          .builder(Integer.class, Integer.class).maximumSize((long) tenants * perTenant)
          .storeByValue(false).build();
      Cache<Integer, Integer> a = managerA.createCache("clear", configuration);
      Cache<Integer, Integer> b = managerB.createCache("clear", configuration);
      @SuppressWarnings("unchecked")
      TenantCache<Integer, Integer> onA = a.unwrap(TenantCache.class);
      @SuppressWarnings("unchecked")
      TenantCache<Integer, Integer> onB = b.unwrap(TenantCache.class);
      for (int t = 0; t < tenants; t++) {
        Cache<Integer, Integer> view = onB.forTenant("t" + t);
        for (int k = 0; k < perTenant; k++) {
          view.put(k, k); // b's puts invalidate nothing on a: a holds nothing
        }
      }
      ClusterTransport busA = managerA.unwrap(ClusterTransport.class);
      ClusterTransport busB = managerB.unwrap(ClusterTransport.class);
      while (busB.status().outbox() > 0 || busA.status().received() < busB.status().sent()
          || (shared && pending(busB) > 0)) {
        Thread.sleep(10);
      }
      System.out.println("B holds " + ((long) tenants * perTenant) + " entries over "
          + onB.tenants().size() + " tenants; B's repairs while filling: "
          + busB.status().repairs());
      System.out.println("mode " + (shared ? "shared: B's entries in Redis too" : "invalidate"));
      System.out.println("clear  B serves none after ms  both tiers after ms  (passes, last ms)  "
          + "B get max us  B get p99 us  gets");
      for (int clear = 0; clear < clears; clear++) {
        String tenant = "t" + clear;
        AtomicBoolean reading = new AtomicBoolean(true);
        long[] latencies = new long[5_000_000];
        int[] count = new int[1];
        Cache<Integer, Integer> other = onB.forTenant("t" + (tenants - 1 - clear));
        java.util.concurrent.CountDownLatch readerRunning = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
          readerRunning.countDown();
          int i = 0;
          while (reading.get() && i < latencies.length) {
            long start = System.nanoTime();
            other.get(i % perTenant);
            latencies[i++] = System.nanoTime() - start;
          }
          count[0] = i;
        });
        reader.start();
        readerRunning.await();
        TimeUnit.MILLISECONDS.sleep(20); // the reader is reading when the clear goes out
        Cache<Integer, Integer> cleared = onB.forTenant(tenant);
        long start = System.nanoTime();
        onA.clearTenant(tenant);
        while (holdsAny(cleared, perTenant)) {
          Thread.onSpinWait();
        }
        long applied = System.nanoTime() - start;
        int passes = 1;
        long lastPass = System.nanoTime();
        while (getsAny(cleared, perTenant)) {
          passes++;
          lastPass = System.nanoTime();
        }
        long bothTiers = System.nanoTime() - start;
        long lastPassNanos = System.nanoTime() - lastPass;
        TimeUnit.MILLISECONDS.sleep(100); // B's background removal runs meanwhile
        reading.set(false);
        reader.join();
        if (onB.forTenant(tenant).containsKey(0)) {
          throw new IllegalStateException("B still holds " + tenant);
        }
        long[] seen = Arrays.copyOf(latencies, Math.max(1, count[0]));
        Arrays.sort(seen);
        System.out.println(String.format(Locale.ROOT,
            "%-6s %-26.1f %-19.1f %-18s %-13.1f %-13.1f %d", tenant, applied / 1e6,
            bothTiers / 1e6, "(" + passes + ", " + String.format(Locale.ROOT, "%.1f",
            lastPassNanos / 1e6) + ")", seen[seen.length - 1] / 1e3,
            seen[(int) Math.min(seen.length - 1, seen.length * 0.99)] / 1e3, seen.length));
        for (int k = 0; k < perTenant; k++) {
          onB.forTenant(tenant).put(k, k); // refill, for the next round's size
        }
        while (shared && pending(busB) > 0) {
          Thread.sleep(10);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      managerA.close();
      managerB.close();
    }
  }

  /** Whether the view holds any of 1,000 keys spread over its {@code keys} (or all of them). */
  private static boolean holdsAny(Cache<Integer, Integer> view, int keys) {
    int step = Math.max(1, keys / 1_000);
    for (int k = 0; k < keys; k += step) {
      if (view.containsKey(k)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a get of any of {@link #SAMPLED} keys spread over its {@code keys} answers. */
  private static boolean getsAny(Cache<Integer, Integer> view, int keys) {
    int step = Math.max(1, keys / SAMPLED);
    for (int k = 0; k < keys; k += step) {
      if (view.get(k) != null) {
        return true;
      }
    }
    return false;
  }

  /** Returns the changes B's shared tier has yet to send to Redis. */
  private static int pending(ClusterTransport bus) {
    return java.util.Objects.requireNonNull(bus.sharedTier(), "a shared cache's tier")
        .status().pendingChanges();
  }

  private static CacheManager manager(String name, Properties properties) {
    return Caching.getCachingProvider("io.tenantcache.spi.TenantCachingProvider").getCacheManager(
        URI.create("urn:tenantcache:clear-" + name), TenantClearRun.class.getClassLoader(),
        properties);
  }
}
