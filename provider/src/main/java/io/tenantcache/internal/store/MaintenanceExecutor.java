package io.tenantcache.internal.store;

import java.util.concurrent.Executor;

/**
 * Runs a store's Caffeine maintenance on a background executor, so that no reader does it, and
 * tells the store's listeners when each run is over, so that the events of what it dropped are
 * delivered from that thread.
 */
final class MaintenanceExecutor implements Executor {
  private final Executor executor;
  private final StoreListener<?, ?> listeners;

  MaintenanceExecutor(Executor executor, StoreListener<?, ?> listeners) {
    this.executor = executor;
    this.listeners = listeners;
  }

  @Override
  public void execute(Runnable maintenance) {
    Thread caller = Thread.currentThread();
    executor.execute(() -> {
      try {
        maintenance.run();
      } finally {
        // Run by the caller itself (a same-thread executor): the caller's own call delivers.
        if (Thread.currentThread() != caller) {
          listeners.maintained();
        }
      }
    });
  }
}
