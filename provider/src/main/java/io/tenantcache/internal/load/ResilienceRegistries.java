package io.tenantcache.internal.load;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What a cache manager owns for its caches' load paths: the Resilience4j registries (so their
 * instances can be found and bound to metrics), the scheduler for retry waits and time limits,
 * and the default pool for time-limited loader calls. Threads are created on first use and
 * released on {@link #close()}.
 *
 * <p>The default loader pool has at most {@value #MAX_LOADER_THREADS} daemon threads, which end
 * after {@value #IDLE_SECONDS} seconds idle, and no queue: when all are busy a load fails at once
 * with {@code RejectedExecutionException} as its cause, rather than piling up behind hung loads.
 */
public final class ResilienceRegistries implements AutoCloseable {
  /** The most threads the default loader pool runs. */
  public static final int MAX_LOADER_THREADS = 64;

  /** How long an idle loader thread lives. */
  public static final int IDLE_SECONDS = 30;

  private final String managerName;
  private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
  private final RetryRegistry retries = RetryRegistry.ofDefaults();
  private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
  private final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable ExecutorService loaderPool;

  public ResilienceRegistries(String managerName) {
    this.managerName = managerName;
  }

  public CircuitBreakerRegistry circuitBreakers() {
    return circuitBreakers;
  }

  public RetryRegistry retries() {
    return retries;
  }

  public BulkheadRegistry bulkheads() {
    return bulkheads;
  }

  public TimeLimiterRegistry timeLimiters() {
    return timeLimiters;
  }

  /** Returns the scheduler for retry waits and time limits (one daemon thread). */
  public synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      ScheduledThreadPoolExecutor created =
          new ScheduledThreadPoolExecutor(1, threads("tenantcache-scheduler"));
      created.setRemoveOnCancelPolicy(true);
      scheduler = created;
    }
    return scheduler;
  }

  /** Returns the default pool for time-limited loader calls. */
  public synchronized Executor loaderPool() {
    if (loaderPool == null) {
      loaderPool = new ThreadPoolExecutor(0, MAX_LOADER_THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
          new SynchronousQueue<>(), threads("tenantcache-loader"));
    }
    return loaderPool;
  }

  /**
   * Returns the factory of the manager's daemon threads. Their context class loader is the
   * provider's, not the one of whichever caller happened to start them: the scheduler thread lives
   * as long as the manager, and must not keep, say, a stopped web application's loader.
   */
  private ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    ClassLoader providerLoader = ResilienceRegistries.class.getClassLoader();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + managerName + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(providerLoader);
      return thread;
    };
  }

  /** Stops the scheduler and the loader pool, interrupting loads still running. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (loaderPool != null) {
      loaderPool.shutdownNow();
    }
  }
}
