package io.tenantcache.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** A JCache {@link Cache} of any provider; closing destroys it and closes its manager. */
final class JCacheBench implements BenchCache {
  private final CacheManager manager;
  private final Cache<Integer, Integer> cache;

  JCacheBench(CacheManager manager, Cache<Integer, Integer> cache) {
    this.manager = manager;
    this.cache = cache;
  }

  @Override
  public Integer get(Integer key) {
    return cache.get(key);
  }

  @Override
  public void put(Integer key, Integer value) {
    cache.put(key, value);
  }

  @Override
  public long size() {
    long size = 0;
    for (Iterator<Cache.Entry<Integer, Integer>> it = cache.iterator(); it.hasNext(); it.next()) {
      size++;
    }
    return size;
  }

  /** Reads {@code CacheHits} from the standard JCache statistics MXBean, or -1 if none. */
  @Override
  public long statisticsHits() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Set<ObjectName> names = server.queryNames(
          new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cache.getName() + ",*"), null);
      if (names.size() != 1) {
        return -1;
      }
      return ((Number) server.getAttribute(names.iterator().next(), "CacheHits")).longValue();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the statistics MXBean of " + cache.getName(), e);
    }
  }

  @Override
  public Cache<Integer, Integer> jcache() {
    return cache;
  }

  @Override
  public Object footprintRoot() {
    return cache;
  }

  /** Throws unless the cache stores by reference and has statistics as {@code spec} says. */
  void checkConfigured(CacheSpec spec) {
    @SuppressWarnings("unchecked")
    Configuration<Integer, Integer> configuration = cache.getConfiguration(Configuration.class);
    if (configuration.isStoreByValue()) {
      throw new IllegalStateException(cache.getName() + " stores by value");
    }
    // Ehcache's configuration is not a CompleteConfiguration: the MXBean tells for all providers
    if ((statisticsHits() >= 0) != spec.statistics()) {
      throw new IllegalStateException(cache.getName() + " has its statistics MXBean "
          + (spec.statistics() ? "missing" : "registered") + " with statistics "
          + spec.statistics());
    }
    if (configuration instanceof CompleteConfiguration<Integer, Integer> complete
        && complete.isReadThrough() != (spec.loader() != null)) {
      throw new IllegalStateException(cache.getName() + " read-through is "
          + complete.isReadThrough());
    }
    // By reference: the very object put comes back (an Integer this large is never a shared box).
    Integer key = Integer.MIN_VALUE + 12345;
    Integer value = Integer.valueOf(Integer.MAX_VALUE - 12345);
    cache.put(key, value);
    if (!isSameObject(cache.get(key), value)) {
      throw new IllegalStateException(cache.getName() + " does not store by reference");
    }
    cache.remove(key);
  }

  @SuppressWarnings("ReferenceEquality") // identity is the point
  private static boolean isSameObject(Object a, Object b) {
    return a == b;
  }

  @Override
  public void close() {
    String name = cache.getName();
    manager.destroyCache(name);
    manager.close();
  }
}
