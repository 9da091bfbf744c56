package io.tenantcache.redis;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Removes the values a clear made unreachable (older epochs) from Redis, on a thread of its own,
 * for the caches asked for: after a clear this replica sent, and once for each shared cache it
 * opens (to catch what a replica that cleared and died left). {@code SCAN} and {@code UNLINK}
 * only ({@link SharedValues#unlinkStale}), in budgeted steps, so Redis is never blocked; a step
 * that fails is tried again later. What it never reaches expires by its TTL.
 *
 * <p>Thread-safe.
 */
final class StaleValueSweeper {
  /** Keys a {@code SCAN} step looks at. */
  static final int SCAN_COUNT = 1_000;
  /** Keys unlinked before the sweeper looks at its queue again. */
  static final long STEP_BUDGET = 10_000;
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final SharedValues values;
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final LongAdder unlinked = new LongAdder();
  private final Thread thread = new Thread(this::sweepLoop, "tenantcache-redis-shared-sweeper");
  private volatile boolean closing;

  StaleValueSweeper(SharedValues values) {
    this.values = values;
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Asks for a sweep of {@code cache} (once, however often it is asked before it runs). */
  void request(String cache) {
    if (queued.add(cache)) {
      queue.add(cache);
    }
  }

  /** Returns how many unreachable values it has unlinked. */
  long unlinked() {
    return unlinked.sum();
  }

  private void sweepLoop() {
    while (!closing) {
      String cache;
      try {
        cache = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (cache == null) {
        continue;
      }
      queued.remove(cache);
      try {
        long step = values.unlinkStale(cache, SCAN_COUNT, STEP_BUDGET);
        unlinked.add(step);
        if (step >= STEP_BUDGET) {
          request(cache);   // more to do: after the other caches had their turn
        }
      } catch (RuntimeException e) {
        if (closing) {
          return;
        }
        request(cache);
        try {
          TimeUnit.NANOSECONDS.sleep(RETRY_NANOS);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  void close() {
    closing = true;
    thread.interrupt();
  }
}
