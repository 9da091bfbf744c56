package io.tenantcache.internal.cache;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.LoadResilience;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.Tenants;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.KeyLoader;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.RecordingListener;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Closing a cache, and then its manager, while many threads use them: every call either completes
 * or fails with {@link IllegalStateException} (the cache or manager is closed), nothing hangs
 * (every wait here is bounded), the MXBeans are unregistered and the manager's threads end.
 */
final class CloseUnderLoadTest {
  private static final int THREADS = 8;
  private static final String COMPLETED = "completed";
  private static final String CLOSED = "IllegalStateException (closed)";

  @Test
  void closingACacheThenItsManager_underLoad_callsCompleteOrGetIllegalState_nothingHangs()
      throws Exception {
    TenantCachingProvider provider = new TenantCachingProvider();
    URI uri = URI.create("urn:tenantcache:close-under-load-" + UUID.randomUUID());
    CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
    Factory<CacheLoader<String, String>> loader = () -> new SlowLoader();
    List<Cache<String, String>> caches = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      caches.add(manager.createCache(name, TenantCacheConfiguration.builder(String.class,
              String.class)
          .statisticsEnabled(true).managementEnabled(true)
          .readThrough(loader)
          .addListener(new RecordingListener<String, String>().configuration(true))
          .resilience(LoadResilience.builder().timeout(java.time.Duration.ofMillis(200)).build())
          .build()));
    }
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName ours = new ObjectName("*:CacheManager="
        + uri.toString().replaceAll("[,:=\n]", ".") + ",*");
    assertThat(server.queryNames(ours, null)).hasSize(6);

    ConcurrentMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    ConcurrentMap<String, Throwable> unexpected = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      running.add(pool.submit(() -> {
        started.countDown();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
          Cache<String, String> cache = caches.get(random.nextInt(caches.size()));
          String outcome;
          try (Tenants.Scope ignored = Tenants.bind("tenant-" + random.nextInt(10))) {
            operate(cache, "k" + random.nextInt(50), random.nextInt(8));
            outcome = COMPLETED;
          } catch (IllegalStateException e) {
            outcome = e.getMessage().contains("is closed") ? CLOSED
                : unexpected(unexpected, e);
          } catch (RuntimeException e) {
            outcome = unexpected(unexpected, e);
          }
          outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        }
      }));
    }
    LoadTestSupport.await(started, "the callers to start");
    awaitOutcomes(outcomes, COMPLETED, 500, "calls to complete on both caches");
    caches.get(0).close();   // while in use
    awaitOutcomes(outcomes, CLOSED, 50, "calls to meet the closed cache");
    long closedBefore = count(outcomes, CLOSED);
    manager.close();         // with the other cache in use
    awaitOutcomes(outcomes, CLOSED, closedBefore + 50, "calls to meet the closed manager");
    stop.set(true);
    for (Future<?> future : running) {
      future.get(10, SECONDS);   // nothing hangs
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
    provider.close();

    System.out.println("close under load: " + outcomes);
    assertThat(unexpected).as("calls that neither completed nor got IllegalStateException")
        .isEmpty();
    assertThat(outcomes).containsKeys(COMPLETED, CLOSED);
    assertThat(caches).allMatch(Cache::isClosed);
    assertThat(manager.isClosed()).isTrue();
    assertThat(server.queryNames(ours, null)).as("MXBeans unregistered").isEmpty();
    LoadTestSupport.awaitCondition("the manager's threads to end", () ->
        Thread.getAllStackTraces().keySet().stream().noneMatch(thread ->
            thread.getName().startsWith("tenantcache-") && thread.getName().contains(uri.toString())));
  }

  private static long count(Map<String, LongAdder> outcomes, String outcome) {
    LongAdder adder = outcomes.get(outcome);
    return (adder == null) ? 0 : adder.sum();
  }

  private static void awaitOutcomes(Map<String, LongAdder> outcomes, String outcome, long atLeast,
      String what) {
    LoadTestSupport.awaitCondition(what, () -> count(outcomes, outcome) >= atLeast);
  }

  private static String unexpected(Map<String, Throwable> unexpected, RuntimeException e) {
    String outcome = e.getClass().getName() + ": " + e.getMessage();
    unexpected.putIfAbsent(outcome, e);
    return outcome;
  }

  private static void operate(Cache<String, String> cache, String key, int what) {
    switch (what) {
      case 0 -> cache.get(key);
      case 1 -> cache.put(key, "v");
      case 2 -> cache.getAll(Set.of(key, key + "x"));
      case 3 -> cache.putAll(Map.of(key, "v", key + "y", "w"));
      case 4 -> cache.remove(key);
      case 5 -> cache.invoke(key, (entry, args) -> {
        entry.setValue(entry.getValue() + "!");
        return null;
      });
      case 6 -> CacheFixture.entries(cache);
      default -> cache.containsKey(key);
    }
  }

  /** Takes a little while, so that loads are in flight when things close. */
  static final class SlowLoader implements KeyLoader<String, String> {
    @Override
    public String load(String key) {
      try {
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return "loaded-" + key;
    }
  }
}
