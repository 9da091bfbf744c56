package io.tenantcache.internal.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tenantcache.micrometer.TenantCacheMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One registry's Micrometer meters of one cache: what {@code TenantCacheMetrics} and a cache
 * manager with metrics on register. The meters read the cache's statistics counters when they are
 * published; with a tenant tag, a tenant's meters are registered when its counters are created.
 * Thread-safe; {@link #close()} removes every meter it registered.
 */
public final class CacheMeterBinding implements StatisticsListener {
  /** The tenant tag value shared by the tenants beyond the cap. */
  public static final String OVERFLOW_TENANT = "other";

  /** How many tenants get their own tag value unless configured. */
  public static final int DEFAULT_TENANT_CAP = 100;

  private static final String GETS_DESCRIPTION = "The number of times cache lookup methods have "
      + "returned a cached (hit) or uncached (newly loaded or null) value (miss).";
  private static final String REFRESH_DESCRIPTION = "The number of refreshes ahead of expiry "
      + "(refreshAfterWrite): successful, or failed (the entry kept its value)";
  private static final String LOAD_DESCRIPTION = "The number of loads by the cache's loader: "
      + "successful, failed, or failed and answered with a stale value or the fallback's";

  private final MeteredCache cache;
  private final MeterRegistry registry;
  private final Tags tags;
  private final boolean tenantTag;
  private final int tenantCap;
  private final LoadTiming loadTiming;
  private final StatisticsRegistry statistics;
  private final List<Meter> meters = new ArrayList<>();
  private final ConcurrentMap<String, Figures> named = new ConcurrentHashMap<>();
  private final Set<String> overflow = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Figures whole;
  private volatile @Nullable Figures others;
  private boolean closed;

  private CacheMeterBinding(MeteredCache cache, MeterRegistry registry, Tags tags,
      boolean tenantTag, int tenantCap, LoadTiming loadTiming) {
    this.cache = cache;
    this.registry = registry;
    this.tags = tags.and("cache", cache.name()).and("cache.manager", cache.managerUri());
    this.tenantTag = tenantTag;
    this.tenantCap = tenantCap;
    this.loadTiming = loadTiming;
    this.statistics = cache.statistics();
  }

  /**
   * Registers the meters of {@code cache} with {@code registry}, tagged {@code tags} plus {@code
   * cache} and {@code cache.manager}, and returns them; none if the cache is closed.
   */
  public static CacheMeterBinding bind(MeteredCache cache, MeterRegistry registry, Tags tags,
      boolean tenantTag, int tenantCap, LoadTiming loadTiming) {
    CacheMeterBinding binding =
        new CacheMeterBinding(cache, registry, tags, tenantTag, tenantCap, loadTiming);
    binding.start();
    return binding;
  }

  /** Returns the tags of every meter, besides {@code tenant}. */
  public Tags tags() {
    return tags;
  }

  private void start() {
    statistics.addListener(this);
    synchronized (this) {
      if (tenantTag) {
        meters.add(Gauge.builder("cache.tenants.overflow", overflow, Set::size)
            .tags(tags)
            .description("The number of tenants beyond the cap, whose meters share the tenant "
                + "tag value '" + OVERFLOW_TENANT + "'")
            .register(registry));
        for (String tenant : new TreeSet<>(statistics.tenants())) {
          tenantAdded(tenant);
        }
      } else {
        Figures figures = new Figures() {
          @Override
          long sum(ToLongFunction<CacheStatistics> counter) {
            return counter.applyAsLong(statistics.aggregate());
          }

          @Override
          long size() {
            return cache.size();
          }
        };
        whole = figures;
        register(figures, tags);
      }
    }
    if (cache.isClosed()) {
      close();
    }
  }

  @Override
  public synchronized void tenantAdded(String tenant) {
    if (closed || !tenantTag || named.containsKey(tenant) || overflow.contains(tenant)) {
      return;
    }
    if (named.size() < tenantCap && !tenant.equals(OVERFLOW_TENANT)) {
      Figures figures = new Figures() {
        @Override
        long sum(ToLongFunction<CacheStatistics> counter) {
          CacheStatistics counters = statistics.peek(tenant);
          return (counters == null) ? 0L : counter.applyAsLong(counters);
        }

        @Override
        long size() {
          return cache.estimatedSize(tenant);
        }
      };
      named.put(tenant, figures);
      register(figures, tags.and("tenant", tenant));
      return;
    }
    overflow.add(tenant);
    if (others == null) {
      Figures figures = new Figures() {
        @Override
        long sum(ToLongFunction<CacheStatistics> counter) {
          long sum = 0;
          for (String member : overflow) {
            CacheStatistics counters = statistics.peek(member);
            if (counters != null) {
              sum += counter.applyAsLong(counters);
            }
          }
          return sum;
        }

        @Override
        long size() {
          long size = 0;
          for (String member : overflow) {
            size += cache.estimatedSize(member);
          }
          return size;
        }
      };
      others = figures;
      register(figures, tags.and("tenant", OVERFLOW_TENANT));
    }
  }

  @Override
  public void loaded(String tenant, boolean success, long nanos) {
    if (!loadTiming.recordsEachLoad()) {
      return;
    }
    Figures figures = tenantTag ? named.get(tenant) : whole;
    if (figures == null && tenantTag && overflow.contains(tenant)) {
      figures = others;
    }
    Timer timer = (figures == null) ? null : figures.loadTimer;
    if (timer != null) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void closed() {
    close();
  }

  /** Removes every meter this binding registered, and stops adding meters for new tenants. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    statistics.removeListener(this);
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
    named.clear();
    overflow.clear();
  }

  private void register(Figures figures, Tags meterTags) {
    meters.add(FunctionCounter.builder("cache.gets", figures, f -> f.sum(CacheStatistics::hits))
        .tags(meterTags).tag("result", "hit").description(GETS_DESCRIPTION).register(registry));
    meters.add(FunctionCounter.builder("cache.gets", figures,
            f -> f.sum(CacheStatistics::misses))
        .tags(meterTags).tag("result", "miss").description(GETS_DESCRIPTION).register(registry));
    meters.add(FunctionCounter.builder("cache.puts", figures, f -> f.sum(CacheStatistics::puts))
        .tags(meterTags).description("The number of entries added to the cache")
        .register(registry));
    meters.add(FunctionCounter.builder("cache.removals", figures,
            f -> f.sum(CacheStatistics::removals))
        .tags(meterTags).description("Cache removals").register(registry));
    meters.add(FunctionCounter.builder("cache.evictions", figures, f -> {
          statistics.catchUp();
          return f.sum(CacheStatistics::evictions);
        })
        .tags(meterTags).description("The number of times the cache was evicted.")
        .register(registry));
    meters.add(Gauge.builder("cache.size", figures, f -> f.size())
        .tags(meterTags).description("The number of entries in this cache. This may be an "
            + "approximation, depending on the type of cache.")
        .register(registry));
    counter(figures, meterTags, "cache.load", "success", CacheStatistics::loads,
        LOAD_DESCRIPTION);
    counter(figures, meterTags, "cache.load", "failure", CacheStatistics::loadFailures,
        LOAD_DESCRIPTION);
    counter(figures, meterTags, "cache.load", "stale", CacheStatistics::staleLoads,
        LOAD_DESCRIPTION);
    counter(figures, meterTags, "cache.load", "fallback", CacheStatistics::fallbackLoads,
        LOAD_DESCRIPTION);
    counter(figures, meterTags, "cache.refreshes", "success", CacheStatistics::refreshes,
        REFRESH_DESCRIPTION);
    counter(figures, meterTags, "cache.refreshes", "failure", CacheStatistics::refreshFailures,
        REFRESH_DESCRIPTION);
    if (loadTiming.recordsEachLoad()) {
      Timer.Builder builder = Timer.builder("cache.load.duration")
          .tags(meterTags).description("The time the cache has spent loading new values")
          .serviceLevelObjectives(loadTiming.slo().toArray(new Duration[0]));
      if (loadTiming.histogram()) {
        builder.publishPercentileHistogram();
      }
      Timer timer = builder.register(registry);
      figures.loadTimer = timer;
      meters.add(timer);
    } else {
      meters.add(FunctionTimer.builder("cache.load.duration", figures, Figures::loadCount,
              f -> f.sum(CacheStatistics::totalLoadNanos), TimeUnit.NANOSECONDS)
          .tags(meterTags).description("The time the cache has spent loading new values")
          .register(registry));
    }
  }

  /** Registers a function counter {@code name{result}} over one counter of {@code figures}. */
  private void counter(Figures figures, Tags meterTags, String name, String result,
      ToLongFunction<CacheStatistics> count, String description) {
    meters.add(FunctionCounter.builder(name, figures, f -> f.sum(count))
        .tags(meterTags).tag("result", result).description(description).register(registry));
  }

  /** Where one set of meters reads its figures: the whole cache, one tenant, or the overflow. */
  private abstract static class Figures {
    private volatile @Nullable Timer loadTimer;

    /** Returns {@code counter} over the counters these figures cover. */
    abstract long sum(ToLongFunction<CacheStatistics> counter);

    /** Returns the entries held by those these figures cover. */
    abstract long size();

    final long loadCount() {
      return sum(CacheStatistics::loads) + sum(CacheStatistics::loadFailures);
    }
  }
}
