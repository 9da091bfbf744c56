package io.tenantcache.spring.boot;

import io.tenantcache.ResilienceScope;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Guards of a cache's read-through loads (Resilience4j): {@code ...resilience.*}. Each of retry,
 * circuit-breaker and bulkhead is on once one of its properties is set (in tenantcache.default or
 * the cache's own settings); a property that is not set keeps the provider's default.
 *
 * @param timeout time limit of one load attempt (a positive duration); unset: none
 * @param retry retrying a failed load; a rejection by the circuit breaker or the bulkhead is never
 *     retried
 * @param circuitBreaker a circuit breaker that stops calling a failing backend for a while
 * @param bulkhead a bulkhead that bounds how many loads run at once
 * @param staleIfError when a reload fails, serve the expired value if it expired at most this long
 *     ago; unset or 0: never
 * @param fallback class name of a java.util.function.BiFunction called with the key and the failure
 *     when a load fails and no stale value can be served; its value answers the callers
 * @param storeFallback whether the fallback's value is stored like a loaded one (false unless set)
 */
public record ResilienceSettings(
    @Nullable Duration timeout,
    @Nullable Retry retry,
    @Nullable CircuitBreaker circuitBreaker,
    @Nullable Bulkhead bulkhead,
    @Nullable Duration staleIfError,
    @Nullable String fallback,
    @Nullable Boolean storeFallback) {

  /**
   * Retry: {@code ...resilience.retry.*}.
   *
   * @param maxAttempts attempts in all, the first included (>= 1; 3 unless set)
   * @param waitDuration wait before the first retry (>= 1ms; 500ms unless set)
   * @param backoffMultiplier each further wait is the previous one times this (>= 1; 1.0 unless
   *     set: a fixed wait)
   * @param jitter randomization factor of each wait (0 <= jitter < 1; 0.0 unless set)
   * @param retryOn class names of the Throwables to retry (subclasses included); empty: every
   *     failure
   * @param ignore class names of the Throwables never to retry; wins over retry-on
   */
  public record Retry(
      @Nullable Integer maxAttempts,
      @Name("wait") @Nullable Duration waitDuration,
      @Nullable Double backoffMultiplier,
      @Nullable Double jitter,
      @Nullable List<String> retryOn,
      @Nullable List<String> ignore) {}

  /**
   * Circuit breaker: {@code ...resilience.circuit-breaker.*}.
   *
   * @param scope one breaker per tenant (the default: one tenant's failures do not open it for
   *     the others) or one for the whole cache
   * @param failureRateThreshold failure rate in percent at which the breaker opens (0 < rate <=
   *     100; 50 unless set)
   * @param slowCallRateThreshold rate of slow calls in percent at which the breaker opens (0 < rate
   *     <= 100; 100 unless set)
   * @param slowCallDuration a call slower than this is slow (60s unless set)
   * @param slidingWindowSize how many of the latest calls the rates are computed over (100 unless
   *     set)
   * @param minimumNumberOfCalls calls needed before the rates count (100 unless set)
   * @param waitInOpen how long the breaker stays open before it lets trial calls through (60s
   *     unless set)
   * @param permittedCallsInHalfOpen trial calls let through when half open (10 unless set)
   */
  public record CircuitBreaker(
      @Nullable ResilienceScope scope,
      @Nullable Double failureRateThreshold,
      @Nullable Double slowCallRateThreshold,
      @Nullable Duration slowCallDuration,
      @Nullable Integer slidingWindowSize,
      @Nullable Integer minimumNumberOfCalls,
      @Nullable Duration waitInOpen,
      @Nullable Integer permittedCallsInHalfOpen) {}

  /**
   * Bulkhead: {@code ...resilience.bulkhead.*}.
   *
   * @param scope one bulkhead per tenant (the default) or one for the whole cache
   * @param maxConcurrentCalls loads that may run at once (>= 1; 25 unless set)
   * @param maxWait how long a load waits for a free slot before it fails (>= 0; 0s unless set)
   */
  public record Bulkhead(
      @Nullable ResilienceScope scope,
      @Nullable Integer maxConcurrentCalls,
      @Nullable Duration maxWait) {}
}
