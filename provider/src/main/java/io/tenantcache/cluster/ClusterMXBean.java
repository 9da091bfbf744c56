package io.tenantcache.cluster;

import java.util.Map;

/**
 * A clustered manager's figures in JMX, registered as {@code
 * io.tenantcache:type=Cluster,CacheManager=<manager URI>} while the manager is open: the same
 * figures as {@link ClusterTransport#status()} and the {@code cache.cluster.*} meters.
 */
public interface ClusterMXBean {
  /** Returns the namespace the manager shares its caches in. */
  String getNamespace();

  /** Returns whether the transport is connected now. */
  boolean isConnected();

  /**
   * Returns whether the replica has heard from the others within max-staleness (when not, its
   * clustered caches serve no entries).
   */
  boolean isCurrent();

  /** Returns how many invalidations this replica sent. */
  long getSent();

  /** Returns how many invalidations of other replicas this replica applied. */
  long getReceived();

  /** Returns how many times the clustered caches dropped their entries to stay fresh. */
  long getRepairs();

  /** Returns the repairs by reason ({@link RepairReason#tag()}: count). */
  Map<String, Long> getRepairsByReason();

  /** Returns how many invalidations wait to be sent. */
  int getOutbox();

  /** Returns the publish-to-apply time of the last invalidation applied here, or -1. */
  long getLastLagMillis();

  /**
   * Returns the shared tier's counts by name ({@link SharedTierStatus#counts()}): empty until a
   * cache in mode shared opens it.
   */
  Map<String, Long> getSharedTier();

  /** Returns the state of the shared tier's circuit breaker, or {@code none} before it opens. */
  String getSharedTierBreaker();
}
