package io.tenantcache.cluster;

/**
 * What a write of a clustered cache does when its change cannot be published to the other
 * replicas because the transport is not connected ({@code tenantcache.cluster.on-publish-failure}).
 */
public enum OnPublishFailure {
  /**
   * The write goes on locally and its invalidation waits in the transport's outbox until the
   * transport is back (the default: a cache must not take the service down); meanwhile the other
   * replicas stop trusting their own entries once they miss the server for max-staleness.
   */
  DEFER,
  /**
   * The write fails with {@code javax.cache.CacheException} and changes nothing here (no store,
   * no writer call), for data where a change that the other replicas cannot hear of at once must
   * not happen at all.
   */
  FAIL
}
