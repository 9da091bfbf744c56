package io.tenantcache.internal.copy;

/**
 * Copies keys and values on their way into and out of a store-by-value cache, so that a caller
 * changing an object later does not change what the cache holds.
 */
@FunctionalInterface
public interface Copier {
  /** The copier of store-by-reference caches: returns its argument. */
  Copier IDENTITY = new Copier() {
    @Override
    public <T> T copy(T object) {
      return object;
    }
  };

  /**
   * Returns an independent copy of {@code object}, or the object itself when it is immutable.
   *
   * @throws IllegalArgumentException if the object cannot be copied (for example not serializable)
   */
  <T> T copy(T object);
}
