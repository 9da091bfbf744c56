package io.tenantcache.internal.store;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link Store} holds in Caffeine's node for an entry: its value itself when the entry never
 * expires and no read can move its expiry, else its {@link Expirable}. That saves a hit of such an
 * entry the dependent load of the holder, and the entry the holder's 16 bytes.
 *
 * <p>In a store whose expiry policy is eternal every entry is of the first kind, so every value is
 * held bare, whatever its class, and a read never has to look at it. In any other store a value is
 * held bare only if it is not itself an {@code Expirable} (it would be taken for a holder), so a
 * read tells the two apart by the class of what it finds.
 */
final class StoredValues {
  private final boolean eternal;

  /** {@code eternal}: whether every entry of the store never expires and is never re-timed. */
  StoredValues(boolean eternal) {
    this.eternal = eternal;
  }

  /** Returns whether every entry of the store never expires. */
  boolean isEternal() {
    return eternal;
  }

  /** Returns what the store holds for {@code entry}. */
  Object stored(Expirable<?> entry) {
    boolean plain = entry.getClass() == Expirable.class;
    if (eternal) {
      if (!plain) {
        throw new IllegalStateException("an entry with an expiry time (" + entry.expireAt()
            + ") in a store whose expiry policy is eternal");
      }
      return entry.value();
    }
    Object value = entry.value();
    return (plain && !(value instanceof Expirable<?>)) ? value : entry;
  }

  /** Returns the entry that {@code stored} holds (a new holder for a bare value). */
  @SuppressWarnings("unchecked")
  <V> Expirable<V> entry(Object stored) {
    Expirable<V> holder = holderOrNull(stored);
    return (holder != null) ? holder : new Expirable<>((V) stored);
  }

  /** Returns the holder that {@code stored} is, or null if it is a bare value. */
  @SuppressWarnings("unchecked")
  <V> @Nullable Expirable<V> holderOrNull(Object stored) {
    return (!eternal && stored instanceof Expirable<?> entry) ? (Expirable<V>) entry : null;
  }
}
