package io.tenantcache.testing;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AutoClose;

/**
 * A latch of one that a test opens when it wants held work to go on, and that is opened when the
 * test ends ({@code @AutoClose}), so that nothing the test held stays blocked after it.
 */
public final class Gate extends CountDownLatch implements AutoCloseable {
  /** A closed gate. */
  public Gate() {
    super(1);
  }

  /** Opens the gate (again is harmless). */
  @Override
  public void close() {
    countDown();
  }
}
