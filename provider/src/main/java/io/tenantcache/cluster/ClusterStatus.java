package io.tenantcache.cluster;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A transport's figures at one moment.
 *
 * @param connected whether it is connected now
 * @param current whether it has heard from the others within max-staleness
 * @param sent invalidations sent
 * @param received invalidations received from other replicas and applied
 * @param repairsByReason by reason, the times this replica dropped its clustered entries because
 *     it could not prove them fresh (messages lost, the server restarted, silent for longer than
 *     max-staleness); every reason present (0 for none), immutable
 * @param outbox invalidations waiting to be sent
 * @param lastLagMillis how long the last invalidation applied took from the writer's publish to
 *     its application here (wall clocks of two machines: approximate), or -1 before the first
 */
public record ClusterStatus(boolean connected, boolean current, long sent, long received,
    Map<RepairReason, Long> repairsByReason, int outbox, long lastLagMillis) {
  public ClusterStatus {
    EnumMap<RepairReason, Long> every = new EnumMap<>(RepairReason.class);
    for (RepairReason reason : RepairReason.values()) {
      every.put(reason, 0L);
    }
    every.putAll(repairsByReason);
    repairsByReason = Collections.unmodifiableMap(every);
  }

  /** Returns the repairs of every reason together. */
  public long repairs() {
    return repairsByReason.values().stream().mapToLong(Long::longValue).sum();
  }
}
