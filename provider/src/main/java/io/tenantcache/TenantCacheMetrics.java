package io.tenantcache;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tenantcache.cache.CacheLifecycle;
import io.tenantcache.metrics.CacheStatistics;
import io.tenantcache.metrics.StatisticsListener;
import io.tenantcache.metrics.StatisticsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for one TenantCache cache, named as Micrometer's cache binders name theirs:
 * {@code cache.gets{result=hit|miss}}, {@code cache.puts}, {@code cache.removals}, {@code
 * cache.evictions}, {@code cache.size}, {@code cache.load{result=success|failure|stale}} and
 * {@code cache.load.duration}, tagged {@code cache} and {@code cache.manager} (the manager's URI).
 *
 * <p>The meters read the cache's own statistics counters when they are published (function
 * counters, gauges and a function timer), so nothing is counted twice and recording costs nothing
 * more than the statistics do. Counters count only while the cache's statistics are enabled;
 * {@code cache.size} is always exact.
 *
 * <p><b>Per tenant.</b> With {@link Builder#tenantTag(boolean) tenantTag(true)} every meter also
 * carries a {@code tenant} tag, and there is no untagged total (sum over {@code tenant}). A
 * tenant's meters are registered when its counters are created, that is at its first counted call
 * (tenants counted before binding are registered at once). The first {@link
 * Builder#tenantCap(int) tenantCap} tenants get their own tag value; later ones share {@value
 * #OVERFLOW_TENANT} (as does a tenant whose id is {@value #OVERFLOW_TENANT}), and the gauge {@code
 * cache.tenants.overflow} says how many tenants that is.
 *
 * <p><b>Loads.</b> {@code cache.load.duration} is a function timer over every load (successful or
 * not) and its total time; with {@link Builder#loadHistogram(boolean) loadHistogram(true)} it is a
 * timer that publishes a percentile histogram instead, and counts the loads since binding.
 * {@code cache.load{result=stale}} counts failed loads answered with a stale value; they are also
 * counted as {@code result=failure}.
 *
 * <p><b>Lifecycle.</b> Keep the binder, or not: it stays registered with the cache. When the cache
 * closes, or on {@link #close()}, every meter it registered is removed from its registries.
 *
 * <p>A cache manager does all this by itself for each of its caches when its properties ask for it
 * (see {@link TenantCacheManager#METRICS_ENABLED}); use this class directly for a cache of a
 * manager that does not, or for another registry.
 */
public final class TenantCacheMetrics implements MeterBinder, AutoCloseable {
  /** The tenant tag value shared by the tenants beyond the cap. */
  public static final String OVERFLOW_TENANT = "other";

  /** How many tenants get their own tag value unless {@link Builder#tenantCap(int)} says. */
  public static final int DEFAULT_TENANT_CAP = ManagerSettings.DEFAULT_TENANT_CAP;

  private static final String GETS_DESCRIPTION = "The number of times cache lookup methods have "
      + "returned a cached (hit) or uncached (newly loaded or null) value (miss).";
  private static final String LOAD_DESCRIPTION = "The number of loads by the cache's loader: "
      + "successful, failed, or failed and answered with a stale value";

  private final CacheLifecycle<?, ?> cache;
  private final Tags tags;
  private final boolean tenantTag;
  private final int tenantCap;
  private final boolean loadHistogram;
  private final List<Binding> bindings = new CopyOnWriteArrayList<>();

  private TenantCacheMetrics(Builder builder) {
    this.cache = builder.cache;
    this.tags = builder.tags.and("cache", cache.name()).and("cache.manager", cache.managerUri());
    this.tenantTag = builder.tenantTag;
    this.tenantCap = builder.tenantCap;
    this.loadHistogram = builder.loadHistogram;
  }

  /**
   * Starts a binder for {@code cache}, a cache of a TenantCache manager (or a view of one).
   *
   * @throws IllegalArgumentException if {@code cache} is not a TenantCache cache
   * @throws IllegalStateException if {@code cache} is closed
   */
  public static Builder builder(Cache<?, ?> cache) {
    requireNonNull(cache, "cache");
    CacheManager manager = cache.getCacheManager();
    if (!(manager instanceof TenantCacheManager tenantCacheManager)) {
      throw new IllegalArgumentException("cache '" + cache.getName() + "' is not a TenantCache "
          + "cache (its manager is " + manager + "); use Micrometer's JCacheMetrics for it");
    }
    CacheLifecycle<?, ?> lifecycle = tenantCacheManager.lifecycle(cache.getName());
    if (lifecycle == null) {
      throw new IllegalStateException("cache '" + cache.getName() + "' is closed");
    }
    return new Builder(lifecycle);
  }

  static Builder builder(CacheLifecycle<?, ?> cache) {
    return new Builder(cache);
  }

  /**
   * Binds meters for {@code cache} to {@code registry} with the default settings and {@code tags},
   * and returns the binder.
   */
  public static TenantCacheMetrics monitor(MeterRegistry registry, Cache<?, ?> cache,
      Iterable<Tag> tags) {
    TenantCacheMetrics metrics = builder(cache).tags(tags).build();
    metrics.bindTo(registry);
    return metrics;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    Binding binding = new Binding(registry);
    bindings.add(binding);
    binding.start();
  }

  /** Removes every meter this binder registered, and stops adding meters for new tenants. */
  @Override
  public void close() {
    for (Binding binding : bindings) {
      binding.close();
    }
    bindings.clear();
  }

  @Override
  public String toString() {
    return "TenantCacheMetrics[" + tags + "]";
  }

  /** Settings of a {@link TenantCacheMetrics}. */
  public static final class Builder {
    private final CacheLifecycle<?, ?> cache;
    private Tags tags = Tags.empty();
    private boolean tenantTag;
    private int tenantCap = DEFAULT_TENANT_CAP;
    private boolean loadHistogram;

    private Builder(CacheLifecycle<?, ?> cache) {
      this.cache = cache;
    }

    /** Adds tags to every meter (besides {@code cache} and {@code cache.manager}). */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(requireNonNull(tags, "tags"));
      return this;
    }

    /** Adds tags to every meter, as key/value pairs. */
    public Builder tags(String... keyValues) {
      this.tags = this.tags.and(keyValues);
      return this;
    }

    /** Sets whether meters carry a {@code tenant} tag (false unless set). */
    public Builder tenantTag(boolean tenantTag) {
      this.tenantTag = tenantTag;
      return this;
    }

    /**
     * Sets how many tenants get a tag value of their own ({@value
     * TenantCacheMetrics#DEFAULT_TENANT_CAP} unless set); the others share {@value TenantCacheMetrics#OVERFLOW_TENANT}.
     *
     * @throws IllegalArgumentException if {@code tenantCap} is negative
     */
    public Builder tenantCap(int tenantCap) {
      if (tenantCap < 0) {
        throw new IllegalArgumentException("tenantCap is " + tenantCap + "; it must be at least 0");
      }
      this.tenantCap = tenantCap;
      return this;
    }

    /** Sets whether {@code cache.load.duration} publishes a percentile histogram (false unless set). */
    public Builder loadHistogram(boolean loadHistogram) {
      this.loadHistogram = loadHistogram;
      return this;
    }

    /** Returns the binder; bind it with {@link TenantCacheMetrics#bindTo(MeterRegistry)}. */
    public TenantCacheMetrics build() {
      return new TenantCacheMetrics(this);
    }
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

  /** One registry's meters of this binder's cache. */
  private final class Binding implements StatisticsListener {
    private final MeterRegistry registry;
    private final StatisticsRegistry statistics;
    private final List<Meter> meters = new ArrayList<>();
    private final ConcurrentMap<String, Figures> named = new ConcurrentHashMap<>();
    private final Set<String> overflow = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Figures whole;
    private volatile @Nullable Figures others;
    private boolean closed;

    Binding(MeterRegistry registry) {
      this.registry = registry;
      this.statistics = cache.statistics();
    }

    void start() {
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
      if (!loadHistogram) {
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

    synchronized void close() {
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
      meters.add(FunctionCounter.builder("cache.load", figures, f -> f.sum(CacheStatistics::loads))
          .tags(meterTags).tag("result", "success").description(LOAD_DESCRIPTION)
          .register(registry));
      meters.add(FunctionCounter.builder("cache.load", figures,
              f -> f.sum(CacheStatistics::loadFailures))
          .tags(meterTags).tag("result", "failure").description(LOAD_DESCRIPTION)
          .register(registry));
      meters.add(FunctionCounter.builder("cache.load", figures,
              f -> f.sum(CacheStatistics::staleLoads))
          .tags(meterTags).tag("result", "stale").description(LOAD_DESCRIPTION)
          .register(registry));
      if (loadHistogram) {
        Timer timer = Timer.builder("cache.load.duration")
            .tags(meterTags).description("The time the cache has spent loading new values")
            .publishPercentileHistogram()
            .register(registry);
        figures.loadTimer = timer;
        meters.add(timer);
      } else {
        meters.add(FunctionTimer.builder("cache.load.duration", figures, Figures::loadCount,
                f -> f.sum(CacheStatistics::totalLoadNanos), TimeUnit.NANOSECONDS)
            .tags(meterTags).description("The time the cache has spent loading new values")
            .register(registry));
      }
    }
  }
}
