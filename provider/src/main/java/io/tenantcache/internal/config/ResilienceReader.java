package io.tenantcache.internal.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Reads a cache's {@code resilience} section into a {@link LoadResilience}. Retry, circuit breaker
 * and bulkhead are on only when the file has their section; a missing section leaves that part
 * of {@link LoadResilience#NONE} as it is.
 */
final class ResilienceReader {
  private static final String RETRY = "resilience.retry";
  private static final String BREAKER = "resilience.circuit-breaker";
  private static final String BULKHEAD = "resilience.bulkhead";
  private static final List<String> SCOPES = List.of("tenant", "cache");

  private static final String POSITIVE = "a positive duration, e.g. 500ms or 2s";
  private static final String AT_LEAST_ONE = "a whole number >= 1 (at most " + Values.INT_MAX + ")";
  private static final String PERCENT = "a percentage > 0 and <= 100";

  private final CacheBlock block;

  ResilienceReader(CacheBlock block) {
    this.block = block;
  }

  LoadResilience read() {
    LoadResilience.Builder builder = LoadResilience.builder();
    Setting timeout = block.get("resilience.timeout");
    if (!timeout.isNull()) {
      builder.timeout(Values.duration(timeout, Duration.ofNanos(1), POSITIVE + ", or null"));
    }
    if (block.configured(RETRY)) {
      builder.retry(built(RETRY, this::retry));
    }
    if (block.configured(BREAKER)) {
      builder.circuitBreaker(built(BREAKER, this::circuitBreaker), scope(BREAKER));
    }
    if (block.configured(BULKHEAD)) {
      builder.bulkhead(built(BULKHEAD, this::bulkhead), scope(BULKHEAD));
    }
    Setting stale = block.get("resilience.stale-if-error");
    if (!stale.isNull()) {
      builder.staleIfError(Values.duration(stale, Duration.ZERO,
          "a duration >= 0 (0: never), or null"));
    }
    Setting fallback = block.get("resilience.fallback");
    if (!fallback.isNull()) {
      @SuppressWarnings("unchecked")
      BiFunction<Object, Throwable, Object> function = Values.instance(fallback,
          block.classLoader(), BiFunction.class,
          Values.classAllowed(BiFunction.class) + " (called with the key and the failure), or null");
      builder.fallback(function);
      builder.storeFallback(Values.bool(block.get("resilience.store-fallback")));
    }
    LoadResilience resilience = builder.build();
    return resilience.isEnabled() ? resilience : LoadResilience.NONE;
  }

  private RetryConfig retry() {
    int maxAttempts = Values.wholeInt(block.get(RETRY + ".max-attempts"), 1,
        AT_LEAST_ONE + ", the first attempt included");
    Duration wait = Values.duration(block.get(RETRY + ".wait"), Duration.ofMillis(1),
        "a duration of at least 1ms");
    double multiplier = Values.decimal(block.get(RETRY + ".backoff-multiplier"), x -> x >= 1,
        "a number >= 1 (1: every wait the same, 2: each wait twice the one before)");
    double jitter = Values.decimal(block.get(RETRY + ".jitter"), x -> x >= 0 && x < 1,
        "a number >= 0 and < 1 (0: none, 0.5: each wait +-50%)");
    IntervalFunction interval;
    if (multiplier == 1 && jitter == 0) {
      interval = IntervalFunction.of(wait);
    } else if (jitter == 0) {
      interval = IntervalFunction.ofExponentialBackoff(wait, multiplier);
    } else if (multiplier == 1) {
      interval = IntervalFunction.ofRandomized(wait, jitter);
    } else {
      interval = IntervalFunction.ofExponentialRandomBackoff(wait, multiplier, jitter);
    }
    RetryConfig.Builder<Object> retry =
        RetryConfig.custom().maxAttempts(maxAttempts).intervalFunction(interval);
    List<Class<? extends Throwable>> retryOn = throwables(block.get(RETRY + ".retry-on"));
    if (!retryOn.isEmpty()) {
      retry.retryExceptions(array(retryOn));
    }
    List<Class<? extends Throwable>> ignore = throwables(block.get(RETRY + ".ignore"));
    if (!ignore.isEmpty()) {
      retry.ignoreExceptions(array(ignore));
    }
    return retry.build();
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Throwable>[] array(List<Class<? extends Throwable>> types) {
    return (Class<? extends Throwable>[]) types.toArray(new Class<?>[0]);
  }

  private List<Class<? extends Throwable>> throwables(Setting setting) {
    String allowed = "a list of names of Throwable classes, e.g. [\"java.io.IOException\"]";
    if (setting.isNull()) {
      return List.of();
    }
    if (setting.value().valueType() != ConfigValueType.LIST) {
      throw setting.invalid("not a list", allowed);
    }
    ConfigList list = (ConfigList) setting.value();
    List<Class<? extends Throwable>> types = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue element = list.get(i);
      Setting item = new Setting(setting.path() + "[" + i + "]", element, setting.source(),
          setting.sourcePath());
      Class<?> type = Values.loadClass(item, block.classLoader(), allowed);
      if (!Throwable.class.isAssignableFrom(type)) {
        throw item.invalid("the class " + type.getName() + " is not a Throwable", allowed);
      }
      types.add(type.asSubclass(Throwable.class));
    }
    return types;
  }

  private CircuitBreakerConfig circuitBreaker() {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold((float) Values.decimal(
            block.get(BREAKER + ".failure-rate-threshold"), x -> x > 0 && x <= 100, PERCENT))
        .slowCallRateThreshold((float) Values.decimal(
            block.get(BREAKER + ".slow-call-rate-threshold"), x -> x > 0 && x <= 100, PERCENT))
        .slowCallDurationThreshold(Values.duration(block.get(BREAKER + ".slow-call-duration"),
            Duration.ofNanos(1), POSITIVE))
        .slidingWindowSize(Values.wholeInt(block.get(BREAKER + ".sliding-window-size"), 1,
            AT_LEAST_ONE))
        .minimumNumberOfCalls(Values.wholeInt(block.get(BREAKER + ".minimum-number-of-calls"), 1,
            AT_LEAST_ONE))
        .waitDurationInOpenState(Values.duration(block.get(BREAKER + ".wait-in-open"),
            Duration.ofMillis(1), "a duration of at least 1ms"))
        .permittedNumberOfCallsInHalfOpenState(Values.wholeInt(
            block.get(BREAKER + ".permitted-calls-in-half-open"), 1, AT_LEAST_ONE))
        .build();
  }

  private BulkheadConfig bulkhead() {
    return BulkheadConfig.custom()
        .maxConcurrentCalls(Values.wholeInt(block.get(BULKHEAD + ".max-concurrent-calls"), 1,
            AT_LEAST_ONE))
        .maxWaitDuration(Values.duration(block.get(BULKHEAD + ".max-wait"), Duration.ZERO,
            "a duration >= 0 (0: fail at once when full)"))
        .build();
  }

  private ResilienceScope scope(String section) {
    String scope = Values.choice(block.get(section + ".scope"), SCOPES);
    return ResilienceScope.valueOf(scope.toUpperCase(Locale.ROOT));
  }

  /** Runs a Resilience4j builder, turning a rule of its that ours did not catch into our error. */
  private <T> T built(String section, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      Setting setting = block.get(section);
      throw setting.invalid("Resilience4j rejects it: " + e.getMessage(),
          "values Resilience4j accepts (see reference.conf)", e);
    }
  }
}
