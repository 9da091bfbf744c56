package io.tenantcache.internal.management;

import static java.util.Objects.requireNonNull;

import io.tenantcache.internal.metrics.CacheStatistics;
import io.tenantcache.internal.metrics.StatisticsRegistry;
import javax.cache.management.CacheStatisticsMXBean;

/** JCache's statistics MXBean ({@code type=CacheStatistics}): the cache's figures over all tenants. */
public final class CacheStatisticsMXBeanImpl implements CacheStatisticsMXBean {
  private final StatisticsRegistry registry;
  private final CacheStatistics statistics;

  public CacheStatisticsMXBeanImpl(StatisticsRegistry registry) {
    this.registry = requireNonNull(registry);
    this.statistics = registry.aggregate();
  }

  /** Resets the cache's statistics, every tenant's included. */
  @Override
  public void clear() {
    registry.clear();
  }

  @Override
  public long getCacheHits() {
    return statistics.hits();
  }

  @Override
  public float getCacheHitPercentage() {
    return statistics.hitPercentage();
  }

  @Override
  public long getCacheMisses() {
    return statistics.misses();
  }

  @Override
  public float getCacheMissPercentage() {
    return statistics.missPercentage();
  }

  @Override
  public long getCacheGets() {
    return statistics.gets();
  }

  @Override
  public long getCachePuts() {
    return statistics.puts();
  }

  @Override
  public long getCacheRemovals() {
    return statistics.removals();
  }

  @Override
  public long getCacheEvictions() {
    registry.catchUp();
    return statistics.evictions();
  }

  @Override
  public float getAverageGetTime() {
    return statistics.averageGetMicros();
  }

  @Override
  public float getAveragePutTime() {
    return statistics.averagePutMicros();
  }

  @Override
  public float getAverageRemoveTime() {
    return statistics.averageRemoveMicros();
  }
}
