package io.tenantcache.benchmarks;

import javax.cache.Cache;

/**
 * The few operations the benchmarks call, over a JCache {@link Cache} or a raw Caffeine cache.
 * Within one JMH fork only one implementation is loaded, so the call is monomorphic and inlined.
 */
public interface BenchCache extends AutoCloseable {
  /** Returns the value of {@code key} (read-through caches load a missing one), or null. */
  Integer get(Integer key);

  /** Stores {@code value} under {@code key}. */
  void put(Integer key, Integer value);

  /** Returns how many entries the cache shows now (may scan; TenantCache: the default tenant). */
  long size();

  /** Returns the hits the cache's own statistics counted, or -1 when it keeps none. */
  long statisticsHits();

  /** Returns the JCache view, or null for raw Caffeine. */
  Cache<Integer, Integer> jcache();

  /** Returns the object whose reachable graph is the cache (for footprint measurement). */
  Object footprintRoot();

  /** Destroys the cache and releases what it holds (its cache manager included). */
  @Override
  void close();
}
