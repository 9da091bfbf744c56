package io.tenantcache.testing;

import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/** A {@link CacheLoader} whose {@code loadAll} loads each key with {@link #load}. */
public interface KeyLoader<K, V> extends CacheLoader<K, V> {
  @Override
  default Map<K, V> loadAll(Iterable<? extends K> keys) {
    Map<K, V> loaded = new HashMap<>();
    keys.forEach(key -> loaded.put(key, load(key)));
    return loaded;
  }
}
