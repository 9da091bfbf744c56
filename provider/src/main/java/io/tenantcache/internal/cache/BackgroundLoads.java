package io.tenantcache.internal.cache;

import io.tenantcache.LoadResilience;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * The {@code loadAll} tasks a cache runs in the background, fenced against its close: a task
 * either runs entirely (loader call, storing, listener) before close goes on to close the loader,
 * the listeners and the store, or it does not run at all. So the loader is never called once it
 * is closed; a loader called after its close may well reopen what close released (the TCK's
 * loaders reconnect, to whatever server then listens on their port: a later test's).
 */
final class BackgroundLoads {
  // A task holds the read lock while it runs; close takes the write lock once, to wait for them.
  private final ReentrantReadWriteLock running = new ReentrantReadWriteLock();

  /**
   * Runs {@code task} on this thread unless {@code closed} holds, and returns whether it ran.
   * {@code closed} is read once the task counts as running, so a close that sets it either waits
   * in {@link #awaitRunning} for the task or is seen by it.
   */
  boolean runUnlessClosed(BooleanSupplier closed, Runnable task) {
    Lock lock = running.readLock();
    lock.lock();
    try {
      if (closed.getAsBoolean()) {
        return false;
      }
      task.run();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no task runs; called by close once the cache is marked closed, so no task starts
   * afterwards. Does not wait on a thread that runs a task itself (a listener or loader closing its
   * own cache would wait for itself). A loader that never returns holds close up: time-limit it
   * (see {@code LoadResilience}). If interrupted, stops waiting and keeps the interrupt status.
   */
  void awaitRunning() {
    if (running.getReadHoldCount() > 0) {
      return;
    }
    Lock lock = running.writeLock();
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    lock.unlock();
  }
}
