package io.tenantcache.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A cache's counters, aggregated over all tenants, as JCache's {@code CacheStatisticsMXBean}
 * defines them. Striped ({@link LongAdder}): recording never locks or allocates. The cache records
 * only while statistics are enabled.
 */
public final class CacheStatistics {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();

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

  public void recordGetTime(long nanos) {
    getNanos.add(nanos);
  }

  public void recordPutTime(long nanos) {
    putNanos.add(nanos);
  }

  public void recordRemoveTime(long nanos) {
    removeNanos.add(nanos);
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
    return averageMicros(getNanos.sum(), gets());
  }

  /** Mean time of a put in microseconds. */
  public float averagePutMicros() {
    return averageMicros(putNanos.sum(), puts());
  }

  /** Mean time of a remove in microseconds. */
  public float averageRemoveMicros() {
    return averageMicros(removeNanos.sum(), removals());
  }

  /** Sets every counter back to zero. */
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, expirations,
        getNanos, putNanos, removeNanos}) {
      adder.reset();
    }
  }

  private static float averageMicros(long nanos, long count) {
    return (count == 0) ? 0f : (nanos / 1000f) / count;
  }
}
