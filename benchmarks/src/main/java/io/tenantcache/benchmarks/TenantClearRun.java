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
 * [tenants] [perTenant] [clears]}.
 */
public final class TenantClearRun {
  private TenantClearRun() {}

  public static void main(String[] args) throws Exception {
    int tenants = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000;
    int perTenant = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000;
    int clears = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
    try (LocalRedis redis = LocalRedis.start()) {
      Properties properties = new Properties();
      properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redis.uri());
      properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, "clear-" + System.nanoTime());
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
      while (busB.status().outbox() > 0 || busA.status().received() < busB.status().sent()) {
        Thread.sleep(10);
      }
      System.out.println("B holds " + ((long) tenants * perTenant) + " entries over "
          + onB.tenants().size() + " tenants; B's repairs while filling: "
          + busB.status().repairs());
      System.out.println("clear  B serves none after ms  B get max us  B get p99 us  gets");
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
        TimeUnit.MILLISECONDS.sleep(100); // B's background removal runs meanwhile
        reading.set(false);
        reader.join();
        if (onB.forTenant(tenant).containsKey(0)) {
          throw new IllegalStateException("B still holds " + tenant);
        }
        long[] seen = Arrays.copyOf(latencies, Math.max(1, count[0]));
        Arrays.sort(seen);
        System.out.println(String.format(Locale.ROOT, "%-6s %-26.1f %-13.1f %-13.1f %d", tenant,
            applied / 1e6, seen[seen.length - 1] / 1e3,
            seen[(int) Math.min(seen.length - 1, seen.length * 0.99)] / 1e3, seen.length));
        for (int k = 0; k < perTenant; k++) {
          onB.forTenant(tenant).put(k, k); // refill, for the next round's size
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

  private static CacheManager manager(String name, Properties properties) {
    return Caching.getCachingProvider("io.tenantcache.spi.TenantCachingProvider").getCacheManager(
        URI.create("urn:tenantcache:clear-" + name), TenantClearRun.class.getClassLoader(),
        properties);
  }
}
