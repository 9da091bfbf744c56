package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitCondition;
import static io.tenantcache.testing.LoadTestSupport.thrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.LoadResilience;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.Tenants;
import io.tenantcache.internal.load.ResilienceRegistries;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Time-limited loads: the caller gets a {@code TimeoutException} cause soon after the limit, the
 * loader's thread is interrupted, and hung loaders never pile up threads.
 */
final class LoadTimeoutTest {
  private final ScriptedLoader loader = new ScriptedLoader();
  @AutoClose private final Gate never = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();


  private Cache<String, String> timedCache(Duration timeout) {
    return fixture.create(timedConfiguration(timeout));
  }

  private TenantCacheConfiguration.Builder<String, String> timedConfiguration(Duration timeout) {
    return fixture.builder(String.class, String.class).readThrough(() -> loader)
        .statisticsEnabled(true)
        .resilience(LoadResilience.builder().timeout(timeout).build());
  }

  @Test
  void get_loaderHangs_callerGetsTimeout_andLoaderThreadIsInterrupted() {
    Cache<String, String> cache = timedCache(Duration.ofMillis(100));
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicReference<Thread> loaderThread = new AtomicReference<>();
    loader.onLoad(key -> {
      loaderThread.set(Thread.currentThread());
      try {
        never.await();
        return "never";
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    });

    Throwable thrown = thrownBy(() -> as("acme", () -> cache.get("k")));

    assertThat(thrown).isInstanceOf(CacheLoaderException.class);
    assertThat(thrown.getCause()).isInstanceOf(TimeoutException.class);
    await(interrupted, "the loader's interruption");
    assertThat(loaderThread.get()).isNotEqualTo(Thread.currentThread());
    awaitCondition("the failure counted", () ->
        CacheFixture.admin(cache).statistics("acme").loadFailures() == 1);
    assertThat(as("acme", () -> cache.containsKey("k"))).isFalse();
  }

  @Test
  void get_manyTimedOutLoads_liveThreadsStayBounded() throws Exception {
    int loads = 10_000;
    int callers = 8;
    Cache<String, String> cache = timedCache(Duration.ofMillis(1));
    AtomicInteger running = new AtomicInteger();
    LongAdder interruptions = new LongAdder();
    loader.onLoad(key -> {
      running.incrementAndGet();
      try {
        never.await();
        return "never";
      } catch (InterruptedException e) {
        interruptions.increment();
        throw e;
      } finally {
        running.decrementAndGet();
      }
    });
    ThreadPoolExecutor pool = new ThreadPoolExecutor(callers, callers, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
    pool.prestartAllCoreThreads();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int baseline = threads.getThreadCount();
    threads.resetPeakThreadCount();
    Map<Class<?>, LongAdder> causes = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        workers.add(pool.submit(() -> Tenants.run("acme", () -> {
          for (int n = next.getAndIncrement(); n < loads; n = next.getAndIncrement()) {
            String key = "k" + n;
            Throwable thrown = thrownBy(() -> cache.get(key));
            assertThat(thrown).isInstanceOf(CacheLoaderException.class);
            causes.computeIfAbsent(thrown.getCause().getClass(), c -> new LongAdder()).increment();
          }
        })));
      }
      for (Future<?> worker : workers) {
        worker.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long elapsed = System.nanoTime() - start;
    int peak = threads.getPeakThreadCount();
    awaitCondition("every hung loader interrupted", () -> running.get() == 0);
    int after = threads.getThreadCount();

    System.out.printf("%d loads timed out at 1 ms from %d threads in %d ms; causes %s; "
        + "%d loader interruptions; live threads: baseline %d, peak %d, after %d "
        + "(bound baseline + %d + 20 = %d)%n", loads, callers, elapsed / 1_000_000, causes,
        interruptions.sum(), baseline, peak, after, ResilienceRegistries.MAX_LOADER_THREADS,
        baseline + ResilienceRegistries.MAX_LOADER_THREADS + 20);
    assertThat(causes.keySet()).isSubsetOf(TimeoutException.class,
        RejectedExecutionException.class);
    assertThat(causes.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(loads);
    assertThat(causes).containsKey(TimeoutException.class);
    assertThat(peak).isLessThan(baseline + ResilienceRegistries.MAX_LOADER_THREADS + 20);
    assertThat(after).isLessThan(baseline + ResilienceRegistries.MAX_LOADER_THREADS + 20);
  }

  @Test
  void createCache_afterDestroyingOneOfTheSameName_usesTheNewTimeout() {
    CacheManager manager = fixture.manager;
    loader.onLoad(key -> {
      never.await();
      return "never";
    });
    manager.createCache("orders", timedConfiguration(Duration.ofSeconds(3)).build());
    manager.destroyCache("orders");
    Cache<String, String> recreated =
        manager.createCache("orders", timedConfiguration(Duration.ofMillis(50)).build());

    Throwable thrown = thrownBy(() -> as("acme", () -> recreated.get("k")));

    assertThat(thrown.getCause()).isInstanceOf(TimeoutException.class);
    assertThat(manager.unwrap(TenantCacheManager.class).timeLimiters().getAllTimeLimiters())
        .singleElement()
        .satisfies(limiter -> assertThat(limiter.getName()).isEqualTo("orders"))
        .satisfies(limiter -> assertThat(limiter.getTimeLimiterConfig().getTimeoutDuration())
            .isEqualTo(Duration.ofMillis(50)));
  }

  @Test
  void get_loaderFinishesWithinTimeout_returnsItsValue() {
    Cache<String, String> cache = timedCache(Duration.ofSeconds(2));

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("loaded-k");
    assertThat(loader.calls("load")).singleElement()
        .satisfies(call -> assertThat(call.tenant()).contains("acme"));
  }
}
