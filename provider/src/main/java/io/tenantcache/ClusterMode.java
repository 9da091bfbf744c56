package io.tenantcache;

/**
 * How a cache of a clustered manager (one with {@value TenantCacheProperties#CLUSTER_REDIS_URI})
 * shares its changes with the other replicas: the manager's {@value
 * TenantCacheProperties#CLUSTER_MODE} for every cache, or a cache's own ({@code
 * TenantCacheConfiguration.Builder.clusterMode}, HOCON {@code cluster-mode}).
 */
public enum ClusterMode {
  /** The cache is this replica's own: it publishes nothing and hears nothing. */
  LOCAL,
  /**
   * Each replica keeps its own entries and loads; every change made through the API is published,
   * and the other replicas drop their copies of what changed.
   */
  INVALIDATE,
  /**
   * As {@link #INVALIDATE}, with a second tier in the cluster's server: a local miss reads it
   * before the loader, one replica loads a key for all of them, and changes reach it with their
   * invalidation.
   */
  SHARED
}
