package io.tenantcache.internal.load;

import java.util.concurrent.CompletableFuture;

/**
 * A load in flight, as its callers wait for it: its future, and whether a write of its entry has
 * landed since it started (then the write wins and the loaded value is not stored).
 */
final class InflightLoad<V> extends CompletableFuture<V> {
  /** Set under the entry's lock by the write, read under the same lock when storing. */
  private volatile boolean superseded;
  private final Kind kind;
  private final int reloads;

  /** What a load is for. */
  enum Kind {
    /** A missing entry: its value is stored only if the entry is still missing. */
    MISS,
    /** A forced refresh: its value replaces the entry's present one. */
    REFRESH,
    /** A refresh ahead of expiry, in the background: as a forced refresh, and a failure is kept. */
    REFRESH_AHEAD
  }

  /** A load of a missing entry. */
  InflightLoad() {
    this(Kind.MISS, 0);
  }

  InflightLoad(Kind kind) {
    this(kind, 0);
  }

  /** A load of {@code kind} that follows {@code reloads} loads whose value a write superseded. */
  InflightLoad(Kind kind, int reloads) {
    this.kind = kind;
    this.reloads = reloads;
  }

  /** Returns how many superseded loads of the same callers came before this one. */
  int reloads() {
    return reloads;
  }

  Kind kind() {
    return kind;
  }

  /** Returns whether the loaded value replaces the entry's present one (a refresh). */
  boolean replaces() {
    return kind != Kind.MISS;
  }

  void supersede() {
    superseded = true;
  }

  /** Returns whether no write of the entry has landed since the load started. */
  boolean isCurrent() {
    return !superseded;
  }
}
