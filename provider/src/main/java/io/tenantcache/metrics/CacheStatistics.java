package io.tenantcache.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counters of a cache, or of one tenant in a cache, with JCache's {@code CacheStatisticsMXBean}
 * meanings plus loads and expirations. Striped ({@link LongAdder}): recording never locks or
 * allocates. A tenant's counters forward every recording to the cache's ({@code parent}), so the
 * cache's figures are the exact aggregate over tenants. The cache records only while statistics
 * are enabled.
 *
 * <p>A tenant's counters also tell their {@link StatisticsRegistry} of each load, for meters that
 * record load times one by one (a histogram); the registry passes that on only to its listeners.
 */
public final class CacheStatistics {
  private final @Nullable CacheStatistics parent;
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
  private final LongAdder loadNanos = new LongAdder();

  /** Creates a cache's counters. */
  public CacheStatistics() {
    this(null);
  }

  /** Creates counters that also record into {@code parent}. */
  public CacheStatistics(@Nullable CacheStatistics parent) {
    this(parent, null, null);
  }

  /** Creates {@code tenant}'s counters in {@code owner}, recording also into {@code parent}. */
  CacheStatistics(@Nullable CacheStatistics parent, @Nullable StatisticsRegistry owner,
      @Nullable String tenant) {
    this.parent = parent;
    this.owner = owner;
    this.tenant = tenant;
  }

  public void recordHits(long count) {
    hits.add(count);
    if (parent != null) {
      parent.recordHits(count);
    }
  }

  public void recordMisses(long count) {
    misses.add(count);
    if (parent != null) {
      parent.recordMisses(count);
    }
  }

  public void recordPuts(long count) {
    puts.add(count);
    if (parent != null) {
      parent.recordPuts(count);
    }
  }

  public void recordRemovals(long count) {
    removals.add(count);
    if (parent != null) {
      parent.recordRemovals(count);
    }
  }

  public void recordEvictions(long count) {
    evictions.add(count);
    if (parent != null) {
      parent.recordEvictions(count);
    }
  }

  public void recordExpirations(long count) {
    expirations.add(count);
    if (parent != null) {
      parent.recordExpirations(count);
    }
  }

  /** Records the time of one timed get; a negative time (an untimed call) is ignored. */
  public void recordGetTime(long nanos) {
    if (nanos < 0) {
      return;
    }
    getNanos.add(nanos);
    getsTimed.increment();
    if (parent != null) {
      parent.recordGetTime(nanos);
    }
  }

  /** Records the time of one timed put; a negative time (an untimed call) is ignored. */
  public void recordPutTime(long nanos) {
    if (nanos < 0) {
      return;
    }
    putNanos.add(nanos);
    putsTimed.increment();
    if (parent != null) {
      parent.recordPutTime(nanos);
    }
  }

  /** Records the time of one timed remove; a negative time (an untimed call) is ignored. */
  public void recordRemoveTime(long nanos) {
    if (nanos < 0) {
      return;
    }
    removeNanos.add(nanos);
    removesTimed.increment();
    if (parent != null) {
      parent.recordRemoveTime(nanos);
    }
  }

  /** Records a load by the cache's loader that took {@code nanos}. */
  public void recordLoad(boolean success, long nanos) {
    (success ? loads : loadFailures).increment();
    loadNanos.add(nanos);
    if (parent != null) {
      parent.recordLoad(success, nanos);
    }
    if (owner != null && tenant != null) {
      owner.loaded(tenant, success, nanos);
    }
  }

  /** Records load failures answered with a stale value (stale-if-error). */
  public void recordStaleLoads(long count) {
    staleLoads.add(count);
    if (parent != null) {
      parent.recordStaleLoads(count);
    }
  }

  public long staleLoads() {
    return staleLoads.sum();
  }

  public long loads() {
    return loads.sum();
  }

  public long loadFailures() {
    return loadFailures.sum();
  }

  /** Total time of loads (successful or not) in nanoseconds. */
  public long totalLoadNanos() {
    return loadNanos.sum();
  }

  /** Total time of gets in nanoseconds (estimated from the timed ones). */
  public long totalGetNanos() {
    return estimatedTotal(getNanos.sum(), getsTimed.sum(), gets());
  }

  /** Total time of puts in nanoseconds (estimated from the timed ones). */
  public long totalPutNanos() {
    return estimatedTotal(putNanos.sum(), putsTimed.sum(), puts());
  }

  /** Total time of removes in nanoseconds (estimated from the timed ones). */
  public long totalRemoveNanos() {
    return estimatedTotal(removeNanos.sum(), removesTimed.sum(), removals());
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
    return averageMicros(loadNanos.sum(), loads() + loadFailures());
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long gets() {
    return hits() + misses();
  }

  public long puts() {
    return puts.sum();
  }

  public long removals() {
    return removals.sum();
  }

  public long evictions() {
    return evictions.sum();
  }

  public long expirations() {
    return expirations.sum();
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
    return averageMicros(getNanos.sum(), getsTimed.sum());
  }

  /** Mean time of a put in microseconds. */
  public float averagePutMicros() {
    return averageMicros(putNanos.sum(), putsTimed.sum());
  }

  /** Mean time of a remove in microseconds. */
  public float averageRemoveMicros() {
    return averageMicros(removeNanos.sum(), removesTimed.sum());
  }

  /** Sets every counter back to zero (only these: a tenant's reset leaves the cache's figures). */
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, expirations,
        getNanos, putNanos, removeNanos, getsTimed, putsTimed, removesTimed, loads, loadFailures,
        staleLoads, loadNanos}) {
      adder.reset();
    }
  }

  private static float averageMicros(long nanos, long count) {
    return (count == 0) ? 0f : (nanos / 1000f) / count;
  }
}
