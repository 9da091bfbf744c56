package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MutableEntry} an entry processor works on. It records what the processor did, and the
 * cache applies the net effect when the processor returns.
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
  /** The net effect of a processor on its entry. */
  enum Outcome {
    NONE, ACCESS, LOAD, CREATE, UPDATE, REMOVE
  }

  private final K key;
  private final @Nullable V original;
  private final @Nullable Function<K, @Nullable V> loader;
  private @Nullable V value;
  private Outcome outcome = Outcome.NONE;

  /**
   * @param original the entry's value before the processor runs, or null if absent
   * @param loader loads the value of an absent entry on {@link #getValue()}; null without
   *     read-through
   */
  ProcessorEntry(K key, @Nullable V original, @Nullable Function<K, @Nullable V> loader) {
    this.key = key;
    this.original = original;
    this.loader = loader;
  }

  Outcome outcome() {
    return outcome;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  @SuppressWarnings("NullAway") // JCache's API: null when the entry does not exist
  public @Nullable V getValue() {
    if (outcome == Outcome.NONE && original != null) {
      value = original;
      outcome = Outcome.ACCESS;
    } else if (outcome == Outcome.NONE && loader != null) {
      value = loader.apply(key);
      if (value != null) {
        outcome = Outcome.LOAD;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return (outcome == Outcome.NONE) ? (original != null) : (value != null);
  }

  @Override
  public void remove() {
    // Removing what the processor itself created or loaded leaves nothing to do; any other
    // remove goes to the writer, even of an absent entry (as JCache's reference implementation).
    outcome = (outcome == Outcome.CREATE || outcome == Outcome.LOAD)
        ? Outcome.NONE : Outcome.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V value) {
    this.value = requireNonNull(value, "an entry processor set a null value");
    outcome = (original == null) ? Outcome.CREATE : Outcome.UPDATE;
  }

  /** Returns the value the processor left (non-null for LOAD, CREATE, UPDATE). */
  V newValue() {
    return requireNonNull(value);
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a mutable entry does not unwrap to " + clazz);
  }
}
