package io.tenantcache.redis;

import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/** A test loader that loads a batch key by key: its subclasses say how to load one key. */
abstract class KeyByKeyLoader<V> implements CacheLoader<String, V> {
  @Override
  public Map<String, V> loadAll(Iterable<? extends String> keys) {
    Map<String, V> loaded = new HashMap<>();
    for (String key : keys) {
      loaded.put(key, load(key));
    }
    return loaded;
  }
}
