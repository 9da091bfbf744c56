package io.tenantcache.store;

/**
 * A stored value and the ticker time (nanoseconds) at which it expires. The value never changes;
 * the expiry time moves on access when the expiry policy asks for it.
 */
public final class Expirable<V> {
  /** Expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  private final V value;
  private volatile long expireAt;

  public Expirable(V value, long expireAt) {
    this.value = value;
    this.expireAt = expireAt;
  }

  public V value() {
    return value;
  }

  public long expireAt() {
    return expireAt;
  }

  void expireAt(long expireAt) {
    this.expireAt = expireAt;
  }

  /** Returns whether the entry is expired at ticker time {@code now}. */
  public boolean isExpired(long now) {
    return expireAt != ETERNAL && now - expireAt >= 0;
  }
}
