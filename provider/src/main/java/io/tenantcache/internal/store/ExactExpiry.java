package io.tenantcache.internal.store;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * The Caffeine expiry of a {@link Store} whose entries can expire: exactly each entry's {@link
 * Expirable#expireAt()}, plus the staleness for which stale-if-error keeps it. A bare value (see
 * {@link StoredValues}) is an entry that never expires.
 */
final class ExactExpiry implements Expiry<Object, Object> {
  private final long staleness;

  ExactExpiry(long staleness) {
    this.staleness = staleness;
  }

  @Override
  public long expireAfterCreate(Object key, Object stored, long currentTime) {
    return remaining(stored, currentTime);
  }

  @Override
  public long expireAfterUpdate(Object key, Object stored, long currentTime,
      long currentDuration) {
    return remaining(stored, currentTime);
  }

  @Override
  public long expireAfterRead(Object key, Object stored, long currentTime,
      long currentDuration) {
    return currentDuration;
  }

  private long remaining(Object stored, long currentTime) {
    long expireAt = (stored instanceof Expirable<?> entry) ? entry.expireAt() : Expirable.ETERNAL;
    if (expireAt == Expirable.ETERNAL) {
      return Long.MAX_VALUE;
    }
    long remaining = Math.max(0, expireAt - currentTime);
    return (Long.MAX_VALUE - remaining < staleness) ? Long.MAX_VALUE : remaining + staleness;
  }
}
