package io.tenantcache.internal.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Counters of a cache, or of one tenant in a cache, with JCache's {@code CacheStatisticsMXBean}
 * meanings plus loads and expirations. Striped ({@link LongAdder}): recording never locks or
 * allocates. A call records into its tenant's counters only; the cache's counters read as the sum
 * of its tenants' ({@code parts}) plus what tenants whose counters were cleared had counted, so the
 * cache's figures are the exact aggregate over tenants and a hit pays for one counter, not two.
 * The cache records only while statistics are enabled.
 *
 * <p>A tenant's counters also tell their {@link StatisticsRegistry} of each load, for meters that
 * record load times one by one (a histogram); the registry passes that on only to its listeners.
 */
public final class CacheStatistics {
  private final @Nullable Collection<CacheStatistics> parts;
  private final @Nullable StatisticsRegistry owner;
  private final @Nullable String tenant;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  // How many gets, puts and removes were timed: timing is sampled (see CacheCore.startTimer),
  // so mean times divide by these, and totals scale the sampled time up to all calls.
  private final LongAdder getsTimed = new LongAdder();
  private final LongAdder putsTimed = new LongAdder();
  private final LongAdder removesTimed = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder staleLoads = new LongAdder();
  private final LongAdder fallbackLoads = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder refreshFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();

  /** Creates counters that are counted into directly and aggregate nothing. */
  public CacheStatistics() {
    this(null, null, null);
  }

  /**
   * Creates a cache's counters, which read as their own counts plus those of {@code parts} (a live
   * view of the tenants' counters).
   */
  public CacheStatistics(Collection<CacheStatistics> parts) {
    this(requireNonNull(parts, "parts"), null, null);
  }

  /** Creates counters of {@code tenant} in {@code owner}, or (parts not null) a cache's. */
  CacheStatistics(@Nullable Collection<CacheStatistics> parts, @Nullable StatisticsRegistry owner,
      @Nullable String tenant) {
    this.parts = parts;
    this.owner = owner;
    this.tenant = tenant;
  }

  public void recordHits(long count) {
    hits.add(count);
  }

  public void recordMisses(long count) {
    misses.add(count);
  }

  public void recordPuts(long count) {
    puts.add(count);
  }

  public void recordRemovals(long count) {
    removals.add(count);
  }

  public void recordEvictions(long count) {
    evictions.add(count);
  }

  public void recordExpirations(long count) {
    expirations.add(count);
  }

  /** Records the time of one timed get; a negative time (an untimed call) is ignored. */
  public void recordGetTime(long nanos) {
    if (nanos < 0) {
      return;
    }
    getNanos.add(nanos);
    getsTimed.increment();
  }

  /** Records the time of one timed put; a negative time (an untimed call) is ignored. */
  public void recordPutTime(long nanos) {
    if (nanos < 0) {
      return;
    }
    putNanos.add(nanos);
    putsTimed.increment();
  }

  /** Records the time of one timed remove; a negative time (an untimed call) is ignored. */
  public void recordRemoveTime(long nanos) {
    if (nanos < 0) {
      return;
    }
    removeNanos.add(nanos);
    removesTimed.increment();
  }

  /** Records a load by the cache's loader that took {@code nanos}. */
  public void recordLoad(boolean success, long nanos) {
    (success ? loads : loadFailures).increment();
    loadNanos.add(nanos);
    if (owner != null && tenant != null) {
      owner.loaded(tenant, success, nanos);
    }
  }

  /** Records load failures answered with a stale value (stale-if-error). */
  public void recordStaleLoads(long count) {
    staleLoads.add(count);
  }

  public long staleLoads() {
    return total(c -> c.staleLoads);
  }

  /** Records load failures answered with a fallback's value. */
  public void recordFallbackLoads(long count) {
    fallbackLoads.add(count);
  }

  public long fallbackLoads() {
    return total(c -> c.fallbackLoads);
  }

  /** Records a refresh ahead of expiry that succeeded, or failed (the entry kept its value). */
  public void recordRefresh(boolean success) {
    (success ? refreshes : refreshFailures).increment();
  }

  /** Returns the refreshes ahead of expiry that succeeded. */
  public long refreshes() {
    return total(c -> c.refreshes);
  }

  /** Returns the refreshes ahead of expiry that failed. */
  public long refreshFailures() {
    return total(c -> c.refreshFailures);
  }

  public long loads() {
    return total(c -> c.loads);
  }

  public long loadFailures() {
    return total(c -> c.loadFailures);
  }

  /** Total time of loads (successful or not) in nanoseconds. */
  public long totalLoadNanos() {
    return total(c -> c.loadNanos);
  }

  /** Total time of gets in nanoseconds (estimated from the timed ones). */
  public long totalGetNanos() {
    return estimatedTotal(total(c -> c.getNanos), total(c -> c.getsTimed), gets());
  }

  /** Total time of puts in nanoseconds (estimated from the timed ones). */
  public long totalPutNanos() {
    return estimatedTotal(total(c -> c.putNanos), total(c -> c.putsTimed), puts());
  }

  /** Total time of removes in nanoseconds (estimated from the timed ones). */
  public long totalRemoveNanos() {
    return estimatedTotal(total(c -> c.removeNanos), total(c -> c.removesTimed), removals());
  }

  private static long estimatedTotal(long timedNanos, long timed, long count) {
    return (timed == 0) ? 0L : (long) ((double) timedNanos / timed * count);
  }

  /** Gets, puts, removals and loads (successful or not) together: how busy the counters are. */
  public long activity() {
    return gets() + puts() + removals() + loads() + loadFailures();
  }

  /** Mean time of a load (successful or not) in microseconds. */
  public float averageLoadMicros() {
    return averageMicros(total(c -> c.loadNanos), loads() + loadFailures());
  }

  public long hits() {
    return total(c -> c.hits);
  }

  public long misses() {
    return total(c -> c.misses);
  }

  public long gets() {
    return hits() + misses();
  }

  public long puts() {
    return total(c -> c.puts);
  }

  public long removals() {
    return total(c -> c.removals);
  }

  public long evictions() {
    return total(c -> c.evictions);
  }

  public long expirations() {
    return total(c -> c.expirations);
  }

  /** Hits as a percentage of gets (0 when there were no gets). */
  public float hitPercentage() {
    long gets = gets();
    return (gets == 0) ? 0f : 100f * hits() / gets;
  }

  /** Misses as a percentage of gets (0 when there were no gets). */
  public float missPercentage() {
    long gets = gets();
    return (gets == 0) ? 0f : 100f * misses() / gets;
  }

  /** Mean time of a get in microseconds. */
  public float averageGetMicros() {
    return averageMicros(total(c -> c.getNanos), total(c -> c.getsTimed));
  }

  /** Mean time of a put in microseconds. */
  public float averagePutMicros() {
    return averageMicros(total(c -> c.putNanos), total(c -> c.putsTimed));
  }

  /** Mean time of a remove in microseconds. */
  public float averageRemoveMicros() {
    return averageMicros(total(c -> c.removeNanos), total(c -> c.removesTimed));
  }

  /** Sets every counter back to zero (only these: a tenant's reset leaves the cache's figures). */
  public void clear() {
    for (LongAdder adder : adders()) {
      adder.reset();
    }
  }

  /**
   * Adds what {@code other} has counted to these counters: the cache keeps the counts of a tenant
   * whose own counters are cleared.
   */
  public void absorb(CacheStatistics other) {
    LongAdder[] mine = adders();
    LongAdder[] theirs = other.adders();
    for (int i = 0; i < mine.length; i++) {
      mine[i].add(theirs[i].sum());
    }
  }

  private LongAdder[] adders() {
    return new LongAdder[] {hits, misses, puts, removals, evictions, expirations, getNanos,
        putNanos, removeNanos, getsTimed, putsTimed, removesTimed, loads, loadFailures, staleLoads,
        fallbackLoads, refreshes, refreshFailures, loadNanos};
  }

  /** Returns one counter's own count plus, for a cache's counters, its tenants'. */
  private long total(Function<CacheStatistics, LongAdder> counter) {
    long sum = counter.apply(this).sum();
    if (parts != null) {
      for (CacheStatistics part : parts) {
        sum += counter.apply(part).sum();
      }
    }
    return sum;
  }

  private static float averageMicros(long nanos, long count) {
    return (count == 0) ? 0f : (nanos / 1000f) / count;
  }
}
