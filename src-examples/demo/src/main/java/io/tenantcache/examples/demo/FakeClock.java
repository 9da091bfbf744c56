package io.tenantcache.examples.demo;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The cache's clock in the demo: time moves only when the demo says so, so nothing sleeps. */
final class FakeClock implements Ticker {
  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves the clock forward. */
  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
