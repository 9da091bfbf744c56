package io.tenantcache.internal.event;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: an asynchronous listener
 * sees its events in the order they happened without owning a thread.
 */
final class SerialExecutor implements Executor {
  private static final System.Logger LOGGER = System.getLogger(SerialExecutor.class.getName());

  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Executor executor;

  SerialExecutor(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (Exception | Error e) { // Exception: also a checked one thrown sneakily
          LOGGER.log(Level.WARNING, "an asynchronous cache entry listener failed", e);
        }
      }
    } finally {
      draining.set(false);
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }
}
