package io.tenantcache.micrometer;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.internal.cache.CacheLifecycle;
import io.tenantcache.internal.manager.CacheManagerImpl;
import io.tenantcache.internal.metrics.CacheMeterBinding;
import io.tenantcache.internal.metrics.LoadTiming;
import io.tenantcache.internal.metrics.MeteredCache;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Micrometer meters for one TenantCache cache, named as Micrometer's cache binders name theirs:
 * {@code cache.gets{result=hit|miss}}, {@code cache.puts}, {@code cache.removals}, {@code
 * cache.evictions}, {@code cache.size}, {@code cache.load{result=success|failure|stale}} and
 * {@code cache.load.duration}, tagged {@code cache} and {@code cache.manager} (the manager's URI).
 *
 * <p>The meters read the cache's own statistics counters when they are published (function
 * counters, gauges and a function timer), so nothing is counted twice and recording costs nothing
 * more than the statistics do. Counters count only while the cache's statistics are enabled;
 * {@code cache.size} counts always: the entries the cache holds, including expired ones kept for
 * stale-if-error until they are evicted (they take memory), where {@code
 * TenantCache.statistics(tenant)}'s size counts live entries only.
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
 * timer that publishes a percentile histogram instead, and counts the loads since binding; with
 * {@link Builder#loadSlo(Duration...) loadSlo(...)} such a timer publishes those service-level
 * buckets (for example {@link #DEFAULT_LOAD_SLO}: 1 ms, 10 ms, 100 ms, 1 s).
 * {@code cache.load{result=stale}} counts failed loads answered with a stale value; they are also
 * counted as {@code result=failure}.
 *
 * <p><b>Lifecycle.</b> Keep the binder, or not: it stays registered with the cache. When the cache
 * closes, or on {@link #close()}, every meter it registered is removed from its registries.
 *
 * <p>A cache manager does all this by itself for each of its caches when its properties ask for it
 * (see {@link TenantCacheProperties#METRICS_ENABLED}); use this class directly for a cache of a
 * manager that does not, or for another registry.
 */
public final class TenantCacheMetrics implements MeterBinder, AutoCloseable {
  /** The tenant tag value shared by the tenants beyond the cap. */
  public static final String OVERFLOW_TENANT = CacheMeterBinding.OVERFLOW_TENANT;

  /** Service-level buckets for load durations: 1 ms, 10 ms, 100 ms and 1 s. */
  public static final List<Duration> DEFAULT_LOAD_SLO = List.of(Duration.ofMillis(1),
      Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1));

  /** How many tenants get their own tag value unless {@link Builder#tenantCap(int)} says. */
  public static final int DEFAULT_TENANT_CAP = CacheMeterBinding.DEFAULT_TENANT_CAP;


  private final MeteredCache cache;
  private final Tags tags;
  private final boolean tenantTag;
  private final int tenantCap;
  private final LoadTiming loadTiming;
  private final List<CacheMeterBinding> bindings = new CopyOnWriteArrayList<>();

  private TenantCacheMetrics(Builder builder) {
    this.cache = builder.cache;
    this.tags = builder.tags;
    this.tenantTag = builder.tenantTag;
    this.tenantCap = builder.tenantCap;
    this.loadTiming = new LoadTiming(builder.loadHistogram, builder.loadSlo);
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
    if (!(manager instanceof CacheManagerImpl tenantCacheManager)) {
      throw new IllegalArgumentException("cache '" + cache.getName() + "' is not a TenantCache "
          + "cache (its manager is " + manager + "); use Micrometer's JCacheMetrics for it");
    }
    CacheLifecycle<?, ?> lifecycle = tenantCacheManager.lifecycle(cache.getName());
    if (lifecycle == null) {
      throw new IllegalStateException("cache '" + cache.getName() + "' is closed");
    }
    return new Builder(lifecycle);
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
    bindings.add(CacheMeterBinding.bind(cache, registry, tags, tenantTag, tenantCap, loadTiming));
  }

  /** Removes every meter this binder registered, and stops adding meters for new tenants. */
  @Override
  public void close() {
    for (CacheMeterBinding binding : bindings) {
      binding.close();
    }
    bindings.clear();
  }

  @Override
  public String toString() {
    return "TenantCacheMetrics[cache=" + cache.name() + ", " + tags + "]";
  }

  /** Settings of a {@link TenantCacheMetrics}. */
  public static final class Builder {
    private final MeteredCache cache;
    private Tags tags = Tags.empty();
    private boolean tenantTag;
    private int tenantCap = DEFAULT_TENANT_CAP;
    private boolean loadHistogram;
    private List<Duration> loadSlo = List.of();

    private Builder(MeteredCache cache) {
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

    /**
     * Sets service-level buckets for {@code cache.load.duration} (none unless set), e.g. {@link
     * #DEFAULT_LOAD_SLO}: the timer then counts the loads that took at most each duration.
     *
     * @throws IllegalArgumentException if a duration is not positive
     */
    public Builder loadSlo(Duration... buckets) {
      this.loadSlo = new LoadTiming(false, List.of(buckets)).slo();
      return this;
    }

    /** Returns the binder; bind it with {@link TenantCacheMetrics#bindTo(MeterRegistry)}. */
    public TenantCacheMetrics build() {
      return new TenantCacheMetrics(this);
    }
  }
}
