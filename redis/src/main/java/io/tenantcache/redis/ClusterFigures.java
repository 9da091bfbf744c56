package io.tenantcache.redis;

import io.tenantcache.cluster.RepairReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The bus's counters, and its one log line per change of state (connected, disconnected,
 * suspect, current again, repaired), never one per message.
 */
final class ClusterFigures {
  private static final System.Logger LOGGER = System.getLogger("io.tenantcache.redis");

  private final String namespace;
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  /** Repairs by {@link RepairReason#ordinal()}. */
  private final AtomicLongArray repairs = new AtomicLongArray(RepairReason.values().length);
  private volatile long lastLagMillis = -1;
  private volatile boolean connected;

  ClusterFigures(String namespace) {
    this.namespace = namespace;
  }

  void sent(int count) {
    sent.add(count);
  }

  void received(long lagMillis) {
    received.increment();
    if (lagMillis >= 0) {
      lastLagMillis = lagMillis;
    }
  }

  void repaired(RepairReason reason, String why) {
    count(reason);
    LOGGER.log(System.Logger.Level.WARNING, "cluster '" + namespace + "': dropped the entries of "
        + "the clustered caches, as " + why);
  }

  void connected(boolean now, String redactedUri, @Nullable Throwable why) {
    if (connected == now) {
      return;
    }
    connected = now;
    if (now) {
      LOGGER.log(System.Logger.Level.INFO, "cluster '" + namespace + "': connected to Redis at "
          + redactedUri);
    } else {
      LOGGER.log(System.Logger.Level.WARNING, "cluster '" + namespace + "': lost Redis at "
          + redactedUri + " (" + ((why == null) ? "closed" : why.getClass().getSimpleName()
          + ": " + why.getMessage()) + "); reads and writes go on locally, invalidations wait "
          + "in the outbox");
    }
  }

  void suspect(long silentMillis) {
    count(RepairReason.SILENT);
    LOGGER.log(System.Logger.Level.WARNING, "cluster '" + namespace + "': no word from Redis for "
        + silentMillis + " ms, more than max-staleness: the clustered caches drop their entries "
        + "until this replica has caught up");
  }

  void current() {
    LOGGER.log(System.Logger.Level.INFO, "cluster '" + namespace + "': caught up; the clustered "
        + "caches serve their entries again");
  }

  long sent() {
    return sent.sum();
  }

  long received() {
    return received.sum();
  }

  private void count(RepairReason reason) {
    repairs.incrementAndGet(reason.ordinal());
  }

  Map<RepairReason, Long> repairsByReason() {
    Map<RepairReason, Long> byReason = new EnumMap<>(RepairReason.class);
    for (RepairReason reason : RepairReason.values()) {
      byReason.put(reason, repairs.get(reason.ordinal()));
    }
    return byReason;
  }

  long lastLagMillis() {
    return lastLagMillis;
  }
}
