package io.tenantcache.testing;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;

/**
 * A thread pool for a test, closed with it ({@code @AutoClose}): closing interrupts what still
 * runs and fails the test if a thread does not end within {@link LoadTestSupport#WAIT}.
 */
public final class TestPool extends ThreadPoolExecutor implements AutoCloseable {
  private TestPool(int core, int max, LinkedBlockingQueue<Runnable> queue) {
    super(core, max, 60, TimeUnit.SECONDS, queue);
  }

  private TestPool() {
    super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
  }

  /** A pool of {@code threads} threads (tasks beyond them wait in a queue). */
  public static TestPool fixed(int threads) {
    return new TestPool(threads, threads, new LinkedBlockingQueue<>());
  }

  /** A pool that starts a thread for each task no idle thread can take. */
  public static TestPool cached() {
    return new TestPool();
  }

  @Override
  public void close() {
    shutdownNow();
    try {
      if (!awaitTermination(LoadTestSupport.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the test's pool did not end within " + LoadTestSupport.WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while closing the test's pool", e);
    }
  }
}
