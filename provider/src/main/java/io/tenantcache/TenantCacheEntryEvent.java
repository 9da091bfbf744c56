package io.tenantcache;

import static java.util.Objects.requireNonNull;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * An entry event that also tells the entry's tenant: {@code event.unwrap(TenantCacheEntryEvent.class)
 * .tenant()}. Listeners also run with that tenant bound.
 */
public final class TenantCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final String tenant;
  private final K key;
  private final @Nullable V value;
  private final @Nullable V oldValue;
  private final boolean oldValueAvailable;

  /**
   * Creates an event of {@code source} about {@code tenant}'s entry {@code key}; the provider
   * creates these, a test may too.
   *
   * @throws NullPointerException if {@code tenant} or {@code key} is null
   */
  public TenantCacheEntryEvent(Cache<K, V> source, EventType type, String tenant, K key,
      @Nullable V value, @Nullable V oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.tenant = requireNonNull(tenant, "tenant");
    this.key = requireNonNull(key, "key");
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  /** Returns the tenant whose entry this event is about. */
  public String tenant() {
    return tenant;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  @SuppressWarnings("NullAway") // JCache's API: null when the listener did not ask for it
  public @Nullable V getValue() {
    return value;
  }

  @Override
  @SuppressWarnings("NullAway")
  public @Nullable V getOldValue() {
    return oldValueAvailable ? oldValue : null;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry event unwraps to TenantCacheEntryEvent, not " + clazz);
  }

  @Override
  public String toString() {
    return "TenantCacheEntryEvent[" + getEventType() + ", tenant=" + tenant + "]";
  }
}
