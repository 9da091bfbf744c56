package io.tenantcache.internal.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a change of a store from user code that runs under one of its entries' locks (an entry
 * processor, the writer, a loader run by {@code invoke}). Caffeine would fail such a change with a
 * bare "Recursive update" (absent entry) or lose one of the two updates (present entry), and a
 * change of another key could deadlock against a thread doing the reverse; so it fails at once
 * with an {@link IllegalStateException} naming the cache. Outside callbacks a check costs one
 * read of a counter.
 */
final class ReentryGuard {
  private final String cacheName;
  private final AtomicInteger callbacksRunning = new AtomicInteger();
  private final ThreadLocal<@Nullable Boolean> inCallback = new ThreadLocal<>();

  ReentryGuard(String cacheName) {
    this.cacheName = cacheName;
  }

  /** Runs {@code callback} as user code under an entry's lock (see {@link Store#callback}). */
  <T extends @Nullable Object> T callback(Supplier<T> callback) {
    if (inCallback.get() != null) {
      return callback.get();
    }
    inCallback.set(Boolean.TRUE);
    callbacksRunning.incrementAndGet();
    try {
      return callback.get();
    } finally {
      callbacksRunning.decrementAndGet();
      inCallback.remove();
    }
  }

  /**
   * Fails if this thread runs a callback of this store.
   *
   * @throws IllegalStateException naming the cache, if it does
   */
  void refuseReentry() {
    if (callbacksRunning.get() != 0 && inCallback.get() != null) {
      throw new IllegalStateException("an entry processor, CacheWriter or loader of cache '"
          + cacheName + "' called back into the cache to change an entry while the cache was "
          + "changing one for it (re-entrant update); such a callback must not change the cache "
          + "it runs for: an entry processor changes its own entry through MutableEntry only");
    }
  }
}
