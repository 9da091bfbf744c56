package io.tenantcache.internal.load;

import java.util.concurrent.CompletableFuture;

/**
 * A load in flight, as its callers wait for it: its future, and whether a write of its entry has
 * landed since it started (then the write wins and the loaded value is not stored).
 */
final class InflightLoad<V> extends CompletableFuture<V> {
  /** Set under the entry's lock by the write, read under the same lock when storing. */
  private volatile boolean superseded;
  private final boolean replaces;

  /** A load of a missing entry: its value is stored only if the entry is still missing. */
  InflightLoad() {
    this(false);
  }

  /** A load whose value replaces the entry's present one if {@code replaces} (a refresh). */
  InflightLoad(boolean replaces) {
    this.replaces = replaces;
  }

  /** Returns whether the loaded value replaces the entry's present one (a refresh). */
  boolean replaces() {
    return replaces;
  }

  void supersede() {
    superseded = true;
  }

  /** Returns whether no write of the entry has landed since the load started. */
  boolean isCurrent() {
    return !superseded;
  }
}
