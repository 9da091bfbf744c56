package io.tenantcache.internal.manager;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantcache.internal.load.ResilienceRegistries;

/**
 * Binds Resilience4j's own meters ({@code resilience4j.circuitbreaker.*}, {@code
 * resilience4j.retry.*}, {@code resilience4j.bulkhead.*}, {@code resilience4j.timelimiter.*},
 * tagged {@code name=<cache>} or {@code name=<cache>/<tenant>}) for a manager's registries; they
 * follow instances created later. Loaded only when resilience4j-micrometer is on the classpath.
 */
final class ResilienceMeters {
  private ResilienceMeters() {}

  static void bind(ResilienceRegistries resilience, MeterRegistry registry) {
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakers())
        .bindTo(registry);
    TaggedRetryMetrics.ofRetryRegistry(resilience.retries()).bindTo(registry);
    TaggedBulkheadMetrics.ofBulkheadRegistry(resilience.bulkheads()).bindTo(registry);
    TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(resilience.timeLimiters()).bindTo(registry);
  }

  /**
   * Removes every instance from the (closing) manager's registries, which makes the binders above
   * remove their meters: a manager opened later under the same URI starts with fresh ones.
   */
  static void unbind(ResilienceRegistries resilience) {
    for (CircuitBreaker breaker : resilience.circuitBreakers().getAllCircuitBreakers()) {
      resilience.circuitBreakers().remove(breaker.getName());
    }
    for (Retry retry : resilience.retries().getAllRetries()) {
      resilience.retries().remove(retry.getName());
    }
    for (Bulkhead bulkhead : resilience.bulkheads().getAllBulkheads()) {
      resilience.bulkheads().remove(bulkhead.getName());
    }
    for (TimeLimiter limiter : resilience.timeLimiters().getAllTimeLimiters()) {
      resilience.timeLimiters().remove(limiter.getName());
    }
  }
}
