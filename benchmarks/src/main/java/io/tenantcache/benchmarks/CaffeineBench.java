package io.tenantcache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.LoadingCache;

/** Raw Caffeine: {@code getIfPresent} / {@code put}; the loading variant's {@code get} loads. */
class CaffeineBench implements BenchCache {
  final Cache<Integer, Integer> cache;

  CaffeineBench(Cache<Integer, Integer> cache) {
    this.cache = cache;
  }

  @Override
  public Integer get(Integer key) {
    return cache.getIfPresent(key);
  }

  @Override
  public void put(Integer key, Integer value) {
    cache.put(key, value);
  }

  @Override
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public long statisticsHits() {
    return cache.policy().isRecordingStats() ? cache.stats().hitCount() : -1;
  }

  @Override
  public javax.cache.Cache<Integer, Integer> jcache() {
    return null;
  }

  @Override
  public Object footprintRoot() {
    return cache;
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** A {@link LoadingCache}: {@code get} loads a missing key. */
  static final class Loading extends CaffeineBench {
    private final LoadingCache<Integer, Integer> loading;

    Loading(LoadingCache<Integer, Integer> loading) {
      super(loading);
      this.loading = loading;
    }

    @Override
    public Integer get(Integer key) {
      return loading.get(key);
    }
  }
}
