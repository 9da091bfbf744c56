package io.tenantcache.examples.demo;

import static io.tenantcache.examples.demo.TenantCacheDemo.section;

import io.tenantcache.ClusterMode;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.Tenants;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.spi.TenantCachingProvider;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.spi.CachingProvider;

/**
 * The demo's shared-tier chapter: replicas whose cache is in mode {@code shared}, so that what one
 * replica loads from the backend the others read from Redis: a load on replica 1 serves replica
 * 2, a stampede on both replicas makes one backend call, and a replica started afterwards begins
 * warm. The backend counts its calls per tenant+key.
 */
final class SharedTierTour {
  private static final int STAMPEDE_THREADS = 16;

  /** The backend of the chapter: one counter per tenant+key, shared by every replica here. */
  static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  private final PrintStream out;

  SharedTierTour(PrintStream out) {
    this.out = out;
  }

  /**
   * What the chapter observed: backend calls after replica 1's load and after replica 2's read,
   * the stampede's threads and calls, and the calls a replica started afterwards caused.
   */
  record Observed(int callsAfterFirstLoad, int callsAfterSecondReplica, String secondAnswer,
      int stampedeThreads, int stampedeCalls, int callsByNewReplica) {}

  Observed run(int number, String redisUri) throws Exception {
    section(out, number, "Mode shared: one replica's load serves the others");
    CALLS.clear();
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redisUri);
    properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, "catalog-service");
    out.println("   The cache is built with clusterMode(ClusterMode.SHARED): a local miss reads Redis");
    out.println("   before the loader, and a replica that loads a key holds a lease on it in Redis");
    out.println("   while the others wait for its value.");
    out.println();
    CachingProvider provider = javax.cache.Caching.getCachingProvider(
        TenantCachingProvider.class.getName(), SharedTierTour.class.getClassLoader());
    List<CacheManager> managers = new ArrayList<>();
    try {
      for (int i = 1; i <= 2; i++) {
        managers.add(replica(provider, i, properties));
      }
      TenantCache<String, String> one = catalog(managers.get(0));
      TenantCache<String, String> two = catalog(managers.get(1));
      Table table = new Table("replica", "call", "answer", "backend calls");
      String first = one.forTenant("acme").get("espresso");
      int afterFirst = calls("acme/espresso");
      table.row("1", "acme: get(espresso)", first, Integer.toString(afterFirst));
      String second = two.forTenant("acme").get("espresso");
      int afterSecond = calls("acme/espresso");
      table.row("2", "acme: get(espresso)", second, afterSecond + "  (read from Redis)");

      int stampedeCalls = stampede(List.of(one, two), "globex", "latte");
      table.row("1 + 2", STAMPEDE_THREADS + " + " + STAMPEDE_THREADS + " threads: globex: "
          + "get(latte)", String.valueOf(two.forTenant("globex").get("latte")),
          Integer.toString(stampedeCalls));

      managers.add(replica(provider, 3, properties));
      TenantCache<String, String> three = catalog(managers.get(2));
      int before = totalCalls();
      String warm = three.forTenant("acme").get("espresso");
      three.forTenant("globex").get("latte");
      int byNewReplica = totalCalls() - before;
      table.row("3 (new)", "acme: get(espresso), globex: get(latte)", warm,
          byNewReplica + "  (starts warm)");
      table.print(out, "   ");
      out.println();
      SharedTier tier = managers.get(1).unwrap(ClusterTransport.class).sharedTier();
      if (tier != null) {
        out.println("   Replica 2's shared-tier figures (ClusterTransport.sharedTier().status()):");
        out.println("     " + tier.status().counts());
      }
      return new Observed(afterFirst, afterSecond, second, 2 * STAMPEDE_THREADS, stampedeCalls,
          byNewReplica);
    } finally {
      for (CacheManager manager : managers) {
        manager.close();
      }
    }
  }

  private static CacheManager replica(CachingProvider provider, int number,
      Properties properties) {
    return provider.getCacheManager(URI.create("urn:tenantcache:catalog-replica-" + number),
        SharedTierTour.class.getClassLoader(), properties);
  }

  @SuppressWarnings("unchecked") // unwrap(Class) cannot carry the type arguments
  private static TenantCache<String, String> catalog(CacheManager manager) {
    return manager.createCache("catalog", TenantCacheConfiguration
        .builder(String.class, String.class).maximumSize(10_000)
        .clusterMode(ClusterMode.SHARED)
        .readThrough(FactoryBuilder.factoryOf(CatalogBackend.class)).build())
        .unwrap(TenantCache.class);
  }

  /** Starts the threads on every cache at once; returns the backend calls they caused. */
  private static int stampede(List<TenantCache<String, String>> caches, String tenant,
      String key) throws Exception {
    int threads = STAMPEDE_THREADS * caches.size();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (TenantCache<String, String> cache : caches) {
        for (int i = 0; i < STAMPEDE_THREADS; i++) {
          answers.add(pool.submit(() -> {
            start.await();
            return cache.forTenant(tenant).get(key);
          }));
        }
      }
      start.countDown();
      for (Future<String> answer : answers) {
        answer.get(30, TimeUnit.SECONDS);
      }
      return calls(tenant + "/" + key);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int calls(String tenantKey) {
    AtomicInteger calls = CALLS.get(tenantKey);
    return (calls == null) ? 0 : calls.get();
  }

  private static int totalCalls() {
    return CALLS.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The catalog's backend: slow enough (50 ms a call) that a stampede overlaps one load. */
  public static final class CatalogBackend implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      String tenant = Tenants.current().orElse("?");
      CALLS.computeIfAbsent(tenant + "/" + key, k -> new AtomicInteger()).incrementAndGet();
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheLoaderException("interrupted while loading", e);
      }
      return key + " for " + tenant + " (loaded once)";
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> values = new ConcurrentHashMap<>();
      for (String key : keys) {
        values.put(key, load(key));
      }
      return values;
    }
  }
}
