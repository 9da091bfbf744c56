package io.tenantcache.internal.load;

import java.util.concurrent.CompletableFuture;

/**
 * A load in flight, as its callers wait for it: its future, and whether a write of its entry has
 * landed since it started (then the write wins and the loaded value is not stored).
 */
final class InflightLoad<V> extends CompletableFuture<V> {
  /** Set under the entry's lock by the write, read under the same lock when storing. */
  private volatile boolean superseded;

  void supersede() {
    superseded = true;
  }

  /** Returns whether no write of the entry has landed since the load started. */
  boolean isCurrent() {
    return !superseded;
  }
}
