package io.tenantcache.internal.load;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.Tenants;
import io.tenantcache.internal.metrics.StatisticsRegistry;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.cache.CacheException;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * Calls the cache's {@link CacheLoader} through the cache's {@link LoadResilience}: from the
 * outside in, retry, circuit breaker, time limiter, bulkhead, then the loader with the entry's
 * tenant bound, on whatever thread runs the attempt. Without a time limit an attempt runs on the
 * thread that starts it; with one, on the loader pool, and a timed-out attempt's thread is
 * interrupted. With retries, attempts also run on the pool (never on the scheduler thread that
 * retries are scheduled from). With nothing configured a load is a plain call of the loader.
 *
 * <p>Failures reach callers as {@link CacheLoaderException} with the cause kept: the loader's own
 * exception, {@code TimeoutException}, {@code CallNotPermittedException} (open breaker, the loader
 * is not called), {@code BulkheadFullException} or {@code RejectedExecutionException} (no loader
 * thread free).
 */
public final class LoadPipeline<K, V> {
  private final String cacheName;
  private final CacheLoader<K, V> loader;
  private final StatisticsRegistry statistics;
  private final LoadResilience resilience;
  private final @Nullable ResilienceRegistries registries;
  /** The manager's registries whether or not loads are guarded: their pool runs async loads. */
  private final @Nullable ResilienceRegistries manager;
  private final @Nullable Executor attemptExecutor;
  private final @Nullable TimeLimiter timeLimiter;
  private final @Nullable Retry retry;
  private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();

  public LoadPipeline(String cacheName, CacheLoader<K, V> loader, StatisticsRegistry statistics,
      LoadResilience resilience, @Nullable ResilienceRegistries registries) {
    this.cacheName = requireNonNull(cacheName);
    this.loader = requireNonNull(loader);
    this.statistics = requireNonNull(statistics);
    this.resilience = requireNonNull(resilience);
    this.registries = resilience.isEnabled() ? requireNonNull(registries, "registries") : null;
    this.manager = registries;
    ResilienceRegistries owner = this.registries;
    TimeLimiterConfig timeLimiterConfig = resilience.timeLimiter();
    RetryConfig retryConfig = resilience.retry();
    if (owner == null) {
      this.timeLimiter = null;
      this.retry = null;
      this.attemptExecutor = null;
      return;
    }
    // A cache created again under an old name must not inherit the old instances.
    String name = instanceName(ResilienceScope.CACHE, "");
    owner.timeLimiters().remove(name);
    owner.retries().remove(name);
    this.timeLimiter = (timeLimiterConfig == null) ? null
        : owner.timeLimiters().timeLimiter(name, timeLimiterConfig);
    this.retry = (retryConfig == null) ? null
        : owner.retries().retry(name, neverRetryRejections(retryConfig));
    // Time-limited attempts must run elsewhere to be abandoned; retried ones, so that they never
    // run on the scheduler thread that Resilience4j retries from.
    Executor configured = resilience.executor();
    this.attemptExecutor = (timeLimiter == null && retry == null) ? null
        : (configured != null) ? configured : owner.loaderPool();
  }

  /** The user's retry rules, minus retrying a call the breaker or the bulkhead refused. */
  private static RetryConfig neverRetryRejections(RetryConfig config) {
    return new RetryConfig.Builder<>(config)
        .retryOnException(e -> config.getExceptionPredicate().test(e))
        .retryExceptions()
        .ignoreExceptions(CallNotPermittedException.class, BulkheadFullException.class)
        .build();
  }

  public CacheLoader<K, V> loader() {
    return loader;
  }

  public LoadResilience resilience() {
    return resilience;
  }

  /**
   * Starts loading {@code key} of {@code tenant}; the stage holds the value, or null when the
   * loader has none.
   */
  public CompletionStage<V> load(String tenant, K key) {
    return guarded(tenant, key, null, () -> loader.load(key));
  }

  /** Starts loading several keys of {@code tenant} with one {@code loadAll} call. */
  public CompletionStage<Map<K, V>> loadAll(String tenant, Iterable<? extends K> keys) {
    return guarded(tenant, null, keys, () -> {
      Map<K, V> loaded = loader.loadAll(keys);
      return (loaded == null) ? Map.of() : loaded;
    });
  }

  /** Returns whether nothing guards loads: a load is a plain call of the loader on this thread. */
  public boolean isDirect() {
    return registries == null;
  }

  /**
   * Returns the executor that finishes guarded loads (stores the value, runs listeners). A guarded
   * load completes on the scheduler thread (time limits, retries) or a loader thread; storing
   * there could wait for an entry lock held by an entry processor that is itself waiting for a
   * load, which needs the scheduler: a deadlock. So finishing moves to the loader pool, or to the
   * common pool when every loader thread is busy.
   */
  public Executor completions() {
    ResilienceRegistries owner = requireNonNull(registries, "completions of a direct pipeline");
    Executor pool = owner.loaderPool();
    return task -> {
      try {
        pool.execute(task);
      } catch (RejectedExecutionException e) {
        ForkJoinPool.commonPool().execute(task);
      }
    };
  }

  /**
   * Calls the loader for {@code key} on this thread with the tenant bound, counting the load;
   * for {@link #isDirect() direct} pipelines, where no stage is needed.
   */
  public @Nullable V loadDirect(String tenant, K key) throws Exception {
    long start = statistics.isEnabled() ? System.nanoTime() : 0L;
    boolean success = false;
    try {
      V value = callLoader(tenant, key, null, () -> loader.load(key));
      success = true;
      return value;
    } finally {
      if (statistics.isEnabled()) {
        statistics.tenant(tenant).recordLoad(success, System.nanoTime() - start);
      }
    }
  }

  /** Loads several keys and waits for the outcome. */
  public Map<K, V> loadAllNow(String tenant, Iterable<? extends K> keys) {
    return await(loadAll(tenant, keys), tenant);
  }

  /**
   * Returns the fallback's value for the failed load of {@code key} of {@code tenant}, called with
   * the tenant bound; null when there is no fallback or it answers nothing.
   */
  @SuppressWarnings("unchecked")
  public @Nullable V fallback(String tenant, K key, Throwable failure) {
    BiFunction<Object, Throwable, ?> fallback = resilience.fallback();
    if (fallback == null) {
      return null;
    }
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      return (V) fallback.apply(key, unwrap(failure));
    }
  }

  /**
   * Returns the executor that starts loads no caller waits for on its own thread (asynchronous
   * reads, refreshes): the one given with {@code LoadResilience.Builder.executor}, else the
   * manager's loader pool (bounded: a load it cannot take fails at once).
   */
  public Executor asyncExecutor() {
    Executor configured = resilience.executor();
    if (configured != null) {
      return configured;
    }
    return (manager != null) ? manager.loaderPool() : ForkJoinPool.commonPool();
  }

  /** Waits for a load and turns its failure into the {@link CacheLoaderException} callers get. */
  public <T> T await(CompletionStage<T> stage, String tenant) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoaderException("interrupted while waiting for a load of cache '" + cacheName
          + "' for tenant '" + tenant + "'", e);
    } catch (ExecutionException e) {
      throw failure(tenant, e.getCause());
    }
  }

  /**
   * Returns the exception a caller gets for a load that failed with {@code cause}: a {@link
   * CacheException} (from the loader, or from storing the value: a writer or listener) as it is,
   * anything else as the cause of a {@link CacheLoaderException}.
   */
  public CacheException failure(String tenant, @Nullable Throwable cause) {
    Throwable root = unwrap(cause);
    if (root instanceof CacheException) {
      return (CacheException) root;
    }
    return new CacheLoaderException("the load of cache '" + cacheName + "' failed for tenant '"
        + tenant + "': " + root, root);
  }

  static Throwable unwrap(@Nullable Throwable failure) {
    Throwable current = (failure == null) ? new IllegalStateException("unknown failure") : failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private <T> CompletionStage<T> guarded(String tenant, @Nullable K key,
      @Nullable Iterable<? extends K> keys, Callable<T> call) {
    long start = statistics.isEnabled() ? System.nanoTime() : 0L;
    Supplier<CompletionStage<T>> stage = attempt(tenant, key, keys, call);
    ResilienceRegistries owner = registries;
    if (owner != null) {
      BulkheadConfig bulkheadConfig = resilience.bulkhead();
      if (bulkheadConfig != null) {
        Bulkhead bulkhead = bulkheads.computeIfAbsent(
            instanceName(resilience.bulkheadScope(), tenant),
            name -> owner.bulkheads().bulkhead(name, bulkheadConfig));
        stage = Bulkhead.decorateCompletionStage(bulkhead, stage);
      }
      if (timeLimiter != null) {
        stage = TimeLimiter.decorateCompletionStage(timeLimiter, owner.scheduler(), stage);
      }
      CircuitBreakerConfig breakerConfig = resilience.circuitBreaker();
      if (breakerConfig != null) {
        CircuitBreaker breaker = breakers.computeIfAbsent(
            instanceName(resilience.circuitBreakerScope(), tenant),
            name -> owner.circuitBreakers().circuitBreaker(name, breakerConfig));
        stage = CircuitBreaker.decorateCompletionStage(breaker, stage);
      }
      if (retry != null) {
        stage = Retry.decorateCompletionStage(retry, owner.scheduler(), stage);
      }
    }
    CompletionStage<T> result = stage.get();
    if (!statistics.isEnabled()) {
      return result;
    }
    // Callers chain on the returned stage, so the load is counted before any caller sees it.
    return result.whenComplete((value, failure) -> statistics.tenant(tenant)
        .recordLoad(failure == null, System.nanoTime() - start));
  }

  /**
   * Returns the Resilience4j instance name for {@code tenant} under {@code scope}: {@code <cache>}
   * or {@code <cache>/<tenant>}, with any {@code /} inside the two names doubled so that no two
   * (cache, tenant) pairs share a name.
   */
  public String instanceName(ResilienceScope scope, String tenant) {
    String cache = cacheName.replace("/", "//");
    return (scope == ResilienceScope.CACHE) ? cache : cache + "/" + tenant.replace("/", "//");
  }

  /**
   * Removes this cache's instances from the manager's registries, so that a cache created later
   * under the same name starts afresh.
   */
  public void close() {
    ResilienceRegistries owner = registries;
    if (owner == null) {
      return;
    }
    breakers.keySet().forEach(owner.circuitBreakers()::remove);
    bulkheads.keySet().forEach(owner.bulkheads()::remove);
    String name = instanceName(ResilienceScope.CACHE, "");
    owner.timeLimiters().remove(name);
    owner.retries().remove(name);
  }

  /** Calls the loader with the tenant bound, marked as loading on this thread. */
  private <T> T callLoader(String tenant, @Nullable K key, @Nullable Iterable<? extends K> keys,
      Callable<T> call) throws Exception {
    return LoaderCalls.run(this, tenant, key, keys, call);
  }

  /**
   * Returns whether a loader of this pipeline is loading {@code key} of {@code tenant} on this
   * thread, so that the cache call it makes now is a call back for a key it is loading.
   */
  public boolean isLoading(String tenant, Object key) {
    return LoaderCalls.isLoading(this, tenant, key);
  }

  /** One call of the loader with the tenant bound: inline, or on the pool when time-limited. */
  private <T> Supplier<CompletionStage<T>> attempt(String tenant, @Nullable K key,
      @Nullable Iterable<? extends K> keys, Callable<T> call) {
    Executor executor = attemptExecutor;
    if (executor == null) {
      return () -> {
        try {
          return CompletableFuture.completedFuture(callLoader(tenant, key, keys, call));
        } catch (Exception | Error e) {
          return CompletableFuture.failedFuture(e);
        }
      };
    }
    return () -> {
      CompletableFuture<T> result = new CompletableFuture<>();
      AtomicBoolean finished = new AtomicBoolean();
      FutureTask<Void> task = new FutureTask<>(() -> {
        try {
          T value = callLoader(tenant, key, keys, call);
          finished.set(true);
          result.complete(value);
        } catch (Exception | Error e) {
          finished.set(true);
          result.completeExceptionally(e);
        }
        return null;
      });
      // A result settled from outside (the time limit) interrupts the loader still running.
      result.whenComplete((value, failure) -> {
        if (!finished.get()) {
          task.cancel(true);
        }
      });
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        result.completeExceptionally(e);
      }
      return result;
    };
  }
}
