package io.tenantcache.redis;

import java.util.concurrent.atomic.LongAdder;

/** What a shared tier has done: counted from any thread, read for metrics and tests. */
final class SharedTierFigures {
  private final LongAdder remoteHits = new LongAdder();
  private final LongAdder remoteMisses = new LongAdder();
  private final LongAdder leaseWaits = new LongAdder();
  private final LongAdder leasesTakenOver = new LongAdder();
  private final LongAdder leaseWaitsRanOut = new LongAdder();
  private final LongAdder overflows = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder unreadable = new LongAdder();

  void remoteHit() {
    remoteHits.increment();
  }

  void remoteMiss() {
    remoteMisses.increment();
  }

  void leaseWait() {
    leaseWaits.increment();
  }

  void leaseTakenOver() {
    leasesTakenOver.increment();
  }

  void leaseWaitRanOut() {
    leaseWaitsRanOut.increment();
  }

  void unavailable() {
    unavailable.increment();
  }

  void unreadable() {
    unreadable.increment();
  }

  /** Values of Redis that could not be read here (codec failed, filter refused). */
  long unreadableValues() {
    return unreadable.sum();
  }

  /** Local misses that Redis answered. */
  long remoteHits() {
    return remoteHits.sum();
  }

  /** Local misses that Redis could not answer (loaded here, under a lease or not). */
  long remoteMisses() {
    return remoteMisses.sum();
  }

  /** Misses that waited for another replica's load. */
  long leaseWaits() {
    return leaseWaits.sum();
  }

  /** Waits that ended with this replica taking the lease over (the holder's ran out). */
  long leasesTakenOver() {
    return leasesTakenOver.sum();
  }

  /** Waits that ran out (lease-wait) and loaded here. */
  void overflow() {
    overflows.increment();
  }

  long overflows() {
    return overflows.sum();
  }

  long leaseWaitsRanOut() {
    return leaseWaitsRanOut.sum();
  }

  /** Calls that Redis could not serve (time limit, breaker open, connection failed). */
  long unavailableCalls() {
    return unavailable.sum();
  }
}
