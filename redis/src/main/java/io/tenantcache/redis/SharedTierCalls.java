package io.tenantcache.redis;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The shared tier's calls to Redis, each within a time limit and behind a circuit breaker of its
 * own (Resilience4j, like the loader's calls): while Redis is slow or away a call costs at most
 * the time limit, and once the breaker has opened none reaches Redis or waits at all, so that a
 * shared cache serves from its local tier and its loader instead of making every get wait. The
 * breaker lets a few calls through after its wait and closes by itself once they succeed.
 *
 * <p>Thread-safe.
 */
final class SharedTierCalls {
  private final String namespace;
  private final Duration timeLimit;
  private final TimeLimiter limiter;
  private final CircuitBreaker breaker;

  /**
   * The calls of the namespace's shared tier: each at most {@code timeLimit}; {@code breaker}
   * says when to stop calling Redis and when to try again.
   */
  SharedTierCalls(String namespace, Duration timeLimit, CircuitBreakerConfig breaker) {
    this.namespace = namespace;
    this.timeLimit = timeLimit;
    this.limiter = TimeLimiter.of("tenantcache-shared-" + namespace, TimeLimiterConfig.custom()
        .timeoutDuration(timeLimit).cancelRunningFuture(true).build());
    this.breaker = CircuitBreaker.of("tenantcache-shared-" + namespace, breaker);
  }

  /** The breaker of a shared tier unless configured: opens at half of 10 or more calls failing. */
  static CircuitBreakerConfig defaultBreaker() {
    return CircuitBreakerConfig.custom()
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(1))
        .permittedNumberOfCallsInHalfOpenState(3)
        .build();
  }

  /**
   * Sends {@code command} (a Lettuce call, which returns its reply's future) and returns the
   * reply.
   *
   * @throws SharedTierUnavailableException if the breaker is open (nothing was sent), the reply
   *     took longer than the time limit (the command is cancelled), or Redis or the connection
   *     failed
   */
  <T> T call(Supplier<? extends Future<T>> command) {
    try {
      return breaker.executeCallable(limiter.decorateFutureSupplier(command));
    } catch (CallNotPermittedException e) {
      throw new SharedTierUnavailableException("shared tier of '" + namespace + "': its circuit "
          + "breaker is open after Redis failed; serving from the local tier until it closes", e);
    } catch (TimeoutException e) {
      throw new SharedTierUnavailableException("shared tier of '" + namespace + "': Redis did not "
          + "answer within " + timeLimit.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SharedTierUnavailableException("shared tier of '" + namespace + "': interrupted "
          + "while waiting for Redis", e);
    } catch (Exception e) {
      throw new SharedTierUnavailableException("shared tier of '" + namespace + "': Redis failed ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Returns the breaker's state now (for metrics). */
  CircuitBreaker.State state() {
    return breaker.getState();
  }

  /** Thrown by {@link #call} when Redis cannot serve the shared tier now. */
  static final class SharedTierUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SharedTierUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
