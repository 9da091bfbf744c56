package io.tenantcache.internal.metrics;

import java.time.Duration;
import java.util.List;

/**
 * How {@code cache.load.duration} is published: a function timer over the statistics (neither
 * setting), or a timer that records each load, with a percentile histogram and/or service-level
 * buckets.
 *
 * @param histogram whether the timer publishes a percentile histogram
 * @param slo the service-level buckets it publishes (none: empty), each positive
 */
public record LoadTiming(boolean histogram, List<Duration> slo) {
  /** Neither a histogram nor buckets: a function timer over the statistics. */
  public static final LoadTiming FUNCTION_TIMER = new LoadTiming(false, List.of());

  /** Checks and copies the buckets. */
  public LoadTiming {
    slo = List.copyOf(slo);
    for (Duration bucket : slo) {
      if (bucket.isNegative() || bucket.isZero()) {
        throw new IllegalArgumentException("a load-duration bucket must be positive, but was "
            + bucket);
      }
    }
  }

  /** Returns whether each load is recorded by a timer of its own. */
  public boolean recordsEachLoad() {
    return histogram || !slo.isEmpty();
  }
}
