package io.tenantcache.cluster;

import org.jspecify.annotations.Nullable;

/**
 * Carries one manager's invalidations to the other replicas of its namespace and theirs to it (a
 * {@link ClusterReplica}). Thread-safe.
 */
public interface ClusterTransport extends AutoCloseable {
  /**
   * Sends {@code invalidation} to the other replicas. Never waits for the network: it is called
   * by cache writes, some of them under an entry's lock. What cannot be sent yet waits in a
   * bounded outbox and goes out once the transport can send it.
   */
  void publish(Invalidation invalidation);

  /**
   * Returns whether the transport is connected now (cheap: {@code on-publish-failure = fail} asks
   * on every write).
   */
  boolean isConnected();

  /**
   * Returns whether this replica has heard from the others within {@code max-staleness}: when it
   * has not, its clustered caches drop their entries until it has caught up.
   */
  boolean isCurrent();

  /**
   * Returns the second tier this transport keeps for caches in mode {@code shared}, or null when
   * it keeps none (the default).
   */
  default @Nullable SharedTier sharedTier() {
    return null;
  }

  /** Returns the transport's figures now. */
  ClusterStatus status();

  /** Sends what it can of the outbox (bounded wait), stops, and releases its connections. */
  @Override
  void close();
}
