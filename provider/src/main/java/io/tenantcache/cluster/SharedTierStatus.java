package io.tenantcache.cluster;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shared tier's figures at one moment (counts since it opened).
 *
 * @param remoteHits local misses the tier answered
 * @param remoteMisses local misses the tier could not answer (loaded here, under a lease or not)
 * @param leaseWaits misses that waited for another replica's load of their key
 * @param leasesTakenOver waits that ended with this replica taking the lease (the holder's ran
 *     out, or it gave up)
 * @param leaseWaitsRanOut waits that ran out (lease-wait) and loaded here
 * @param unavailableCalls calls the server could not serve (time limit, breaker open, failure)
 * @param unreadableValues values of the tier that could not be read here (codec, serial filter)
 * @param pendingChanges changes waiting to be sent to the tier
 * @param overflows changes that found the queue of changes full and became, with the waiting
 *     changes of their tenant (or their cache), one clear of it
 * @param breakerState the state of the tier's circuit breaker: {@code closed}, {@code open},
 *     {@code half_open} (or another of the implementation's)
 */
public record SharedTierStatus(long remoteHits, long remoteMisses, long leaseWaits,
    long leasesTakenOver, long leaseWaitsRanOut, long unavailableCalls, long unreadableValues,
    int pendingChanges, long overflows, String breakerState) {
  public SharedTierStatus {
    requireNonNull(breakerState, "breakerState");
  }

  /** Returns the counts by name (as the MXBean shows them), in the order of the components. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("remoteHits", remoteHits);
    counts.put("remoteMisses", remoteMisses);
    counts.put("leaseWaits", leaseWaits);
    counts.put("leasesTakenOver", leasesTakenOver);
    counts.put("leaseWaitsRanOut", leaseWaitsRanOut);
    counts.put("unavailableCalls", unavailableCalls);
    counts.put("unreadableValues", unreadableValues);
    counts.put("pendingChanges", (long) pendingChanges);
    counts.put("overflows", overflows);
    return counts;
  }
}
