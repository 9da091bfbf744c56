package io.tenantcache;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * How a cache's read-through loads are guarded, with Resilience4j: a per-attempt time limit,
 * retries, a circuit breaker and a bulkhead (each optional); and what answers a load that fails
 * anyway: a stale value (stale-if-error), else a fallback. Immutable; build one with {@link
 * #builder()} and pass it to {@link TenantCacheConfiguration.Builder#resilience}.
 *
 * <p>An attempt runs inside, from the outside in: retry, circuit breaker, time limiter, bulkhead,
 * loader. So every attempt asks the breaker, a timed-out attempt counts as a breaker failure, and
 * the bulkhead bounds concurrently running loader calls. Breakers and bulkheads are per tenant
 * unless their scope is {@link ResilienceScope#CACHE}; they live in the cache manager's Resilience4j
 * registries, named {@code <cache>} or {@code <cache>/<tenant>}.
 */
public final class LoadResilience {
  /** Guards nothing: loads behave exactly as JCache specifies. */
  public static final LoadResilience NONE = builder().build();

  private final @Nullable TimeLimiterConfig timeLimiter;
  private final @Nullable RetryConfig retry;
  private final @Nullable CircuitBreakerConfig circuitBreaker;
  private final ResilienceScope circuitBreakerScope;
  private final @Nullable BulkheadConfig bulkhead;
  private final ResilienceScope bulkheadScope;
  private final Duration maxStaleness;
  private final @Nullable BiFunction<Object, Throwable, ?> fallback;
  private final boolean fallbackStored;
  private final @Nullable Executor executor;

  private LoadResilience(Builder builder) {
    timeLimiter = builder.timeLimiter;
    retry = builder.retry;
    circuitBreaker = builder.circuitBreaker;
    circuitBreakerScope = builder.circuitBreakerScope;
    bulkhead = builder.bulkhead;
    bulkheadScope = builder.bulkheadScope;
    maxStaleness = builder.maxStaleness;
    fallback = builder.fallback;
    fallbackStored = builder.fallbackStored;
    executor = builder.executor;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Returns whether anything is configured beyond plain JCache loading. */
  public boolean isEnabled() {
    return timeLimiter != null || retry != null || circuitBreaker != null || bulkhead != null
        || isStaleIfError() || fallback != null;
  }

  public @Nullable TimeLimiterConfig timeLimiter() {
    return timeLimiter;
  }

  public @Nullable RetryConfig retry() {
    return retry;
  }

  public @Nullable CircuitBreakerConfig circuitBreaker() {
    return circuitBreaker;
  }

  public ResilienceScope circuitBreakerScope() {
    return circuitBreakerScope;
  }

  public @Nullable BulkheadConfig bulkhead() {
    return bulkhead;
  }

  public ResilienceScope bulkheadScope() {
    return bulkheadScope;
  }

  /** Returns how long after expiry a value may still be served when its reload fails. */
  public Duration maxStaleness() {
    return maxStaleness;
  }

  public boolean isStaleIfError() {
    return !maxStaleness.isZero();
  }

  /**
   * Returns the fallback: called with a key (its tenant bound) and the load's failure when a load
   * fails and no stale value can be served; or null.
   */
  public @Nullable BiFunction<Object, Throwable, ?> fallback() {
    return fallback;
  }

  /** Returns whether a fallback's value is stored in the cache (by default it is not). */
  public boolean isFallbackStored() {
    return fallbackStored;
  }

  /** Returns the executor for time-limited attempts, or null for the cache manager's. */
  public @Nullable Executor executor() {
    return executor;
  }

  @Override
  public String toString() {
    return "LoadResilience{timeLimiter=" + (timeLimiter != null) + ", retry=" + (retry != null)
        + ", circuitBreaker=" + (circuitBreaker == null ? "none" : circuitBreakerScope)
        + ", bulkhead=" + (bulkhead == null ? "none" : bulkheadScope)
        + ", maxStaleness=" + maxStaleness
        + ", fallback=" + (fallback == null ? "none" : fallbackStored ? "stored" : "not stored")
        + "}";
  }

  /** Builds a {@link LoadResilience}; every part is optional. Not thread-safe. */
  public static final class Builder {
    private @Nullable TimeLimiterConfig timeLimiter;
    private @Nullable RetryConfig retry;
    private @Nullable CircuitBreakerConfig circuitBreaker;
    private ResilienceScope circuitBreakerScope = ResilienceScope.TENANT;
    private @Nullable BulkheadConfig bulkhead;
    private ResilienceScope bulkheadScope = ResilienceScope.TENANT;
    private Duration maxStaleness = Duration.ZERO;
    private @Nullable BiFunction<Object, Throwable, ?> fallback;
    private boolean fallbackStored;
    private @Nullable Executor executor;

    private Builder() {}

    /**
     * Limits each attempt to {@code timeout}: the caller gets {@code CacheLoaderException} with a
     * {@code TimeoutException} cause, and the loader's thread is interrupted.
     */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
      }
      return timeLimiter(TimeLimiterConfig.custom().timeoutDuration(timeout)
          .cancelRunningFuture(true).build());
    }

    /** Limits each attempt as {@code config} says. */
    public Builder timeLimiter(TimeLimiterConfig config) {
      this.timeLimiter = requireNonNull(config, "timeLimiter");
      return this;
    }

    /**
     * Retries failed attempts as {@code config} says (attempts, wait, backoff, which exceptions).
     * An open circuit breaker's rejection is never retried.
     */
    public Builder retry(RetryConfig config) {
      this.retry = requireNonNull(config, "retry");
      return this;
    }

    /** Guards loads with a circuit breaker per {@code scope}. */
    public Builder circuitBreaker(CircuitBreakerConfig config, ResilienceScope scope) {
      this.circuitBreaker = requireNonNull(config, "circuitBreaker");
      this.circuitBreakerScope = requireNonNull(scope, "scope");
      return this;
    }

    /** Bounds concurrent loader calls with a bulkhead per {@code scope}. */
    public Builder bulkhead(BulkheadConfig config, ResilienceScope scope) {
      this.bulkhead = requireNonNull(config, "bulkhead");
      this.bulkheadScope = requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Serves an expired value when its reload fails, if it expired at most {@code maxStaleness}
     * ago. Until then the cache keeps expired entries, invisible to every other operation.
     */
    public Builder staleIfError(Duration maxStaleness) {
      requireNonNull(maxStaleness, "maxStaleness");
      if (maxStaleness.isNegative()) {
        throw new IllegalArgumentException("maxStaleness must not be negative, but was "
            + maxStaleness);
      }
      this.maxStaleness = maxStaleness;
      return this;
    }

    /**
     * Answers a failed load with {@code fallback}'s value, when no stale value can be served: it
     * is called with the key and the failure (after every retry), on the thread that finishes the
     * load, with the entry's tenant bound. Its value goes to every caller waiting for that load;
     * it is stored only if {@link #storeFallback(boolean) storeFallback(true)}, so by default the
     * next read tries the backend again. A fallback that returns null answers nothing: the
     * callers get the failure. A fallback that throws: the callers get the load's failure, with
     * the fallback's exception added to it as suppressed.
     *
     * @param <K> the cache's key type
     * @param <V> the cache's value type
     */
    @SuppressWarnings("unchecked")
    public <K, V> Builder fallback(
        BiFunction<? super K, ? super Throwable, ? extends @Nullable V> fallback) {
      this.fallback = (BiFunction<Object, Throwable, ?>) requireNonNull(fallback, "fallback");
      return this;
    }

    /** Sets whether a fallback's value is stored in the cache, like a loaded one (false unless set). */
    public Builder storeFallback(boolean store) {
      this.fallbackStored = store;
      return this;
    }

    /** Runs time-limited attempts on {@code executor} instead of the cache manager's loader pool. */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    public LoadResilience build() {
      return new LoadResilience(this);
    }
  }
}
