package io.tenantcache.internal.store;

/**
 * A stored value and the ticker time (nanoseconds) at which it expires. The value never changes.
 *
 * <p>An entry that never expires and whose expiry no read can move is this class alone (16 bytes);
 * every other entry is an {@link Expiring}, which adds the expiry time, movable on access. {@link
 * #of} picks: the store holds one of these per entry, so the eight bytes count.
 */
public class Expirable<V> {
  /** Expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  private final V value;

  Expirable(V value) {
    this.value = value;
  }

  /**
   * Returns an entry holding {@code value} until {@code expireAt}; {@code movable} says whether
   * reads may move its expiry (the expiry policy has an access duration).
   */
  public static <V> Expirable<V> of(V value, long expireAt, boolean movable) {
    return (expireAt == ETERNAL && !movable) ? new Expirable<>(value) : new Expiring<>(value, expireAt);
  }

  /**
   * As {@link #of(Object, long, boolean)}, for a cache that refreshes entries ahead of expiry: a
   * read at or after ticker time {@code refreshAt} starts a background reload ({@link #ETERNAL}:
   * never).
   */
  public static <V> Expirable<V> of(V value, long expireAt, boolean movable, long refreshAt) {
    return (refreshAt == ETERNAL) ? of(value, expireAt, movable)
        : new Refreshing<>(value, expireAt, refreshAt);
  }

  public final V value() {
    return value;
  }

  public long expireAt() {
    return ETERNAL;
  }

  void expireAt(long expireAt) {
    throw new UnsupportedOperationException("an entry created as eternal and unmovable cannot "
        + "be given an expiry time");
  }

  /** Returns the ticker time from which a read starts a background reload, or {@link #ETERNAL}. */
  public long refreshAt() {
    return ETERNAL;
  }

  /** Returns whether a read at ticker time {@code now} should start a background reload. */
  public final boolean isRefreshDue(long now) {
    long refreshAt = refreshAt();
    return refreshAt != ETERNAL && now - refreshAt >= 0;
  }

  /** Returns whether the entry is expired at ticker time {@code now}. */
  public final boolean isExpired(long now) {
    long expireAt = expireAt();
    return expireAt != ETERNAL && now - expireAt >= 0;
  }

  /** An entry with an expiry time. */
  static class Expiring<V> extends Expirable<V> {
    private volatile long expireAt;

    Expiring(V value, long expireAt) {
      super(value);
      this.expireAt = expireAt;
    }

    @Override
    public long expireAt() {
      return expireAt;
    }

    @Override
    void expireAt(long expireAt) {
      this.expireAt = expireAt;
    }
  }

  /** An entry with an expiry time and a time from which reads refresh it. */
  static final class Refreshing<V> extends Expiring<V> {
    private final long refreshAt;

    Refreshing(V value, long expireAt, long refreshAt) {
      super(value, expireAt);
      this.refreshAt = refreshAt;
    }

    @Override
    public long refreshAt() {
      return refreshAt;
    }
  }
}
