package io.tenantcache.internal.cache;

import javax.cache.Cache;

/** An immutable {@link Cache.Entry}, handed to writers and returned by iterators. */
record SimpleEntry<K, V>(K getKey, V getValue) implements Cache.Entry<K, V> {
  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry does not unwrap to " + clazz);
  }
}
