package io.tenantcache.cluster;

import java.time.Duration;

/**
 * This replica as its transport sees it: the manager, which applies what the other replicas
 * published. Implemented by the provider; a transport calls it from its own threads.
 */
public interface ClusterReplica {
  /**
   * Drops this replica's copies of what another replica changed, and voids its loads in flight
   * for them (a load that started before the invalidation arrived stores nothing). Publishes
   * nothing, fires no entry events. An invalidation of a cache this manager does not have, or
   * whose key it cannot read, drops the whole tenant (or cache) instead: never too little.
   */
  void apply(Invalidation invalidation);

  /**
   * Drops every entry of every clustered cache and voids their loads in flight: the transport can
   * no longer prove them fresh ({@code reason} says why, for the log).
   */
  void dropAll(String reason);

  /**
   * Hears that an invalidation applied here took {@code lag} from its publication on another
   * replica to its application here (by the two replicas' wall clocks: approximate), once per
   * invalidation applied; for the lag timer. Must not block. The default ignores it.
   */
  default void lag(Duration lag) {}

  /**
   * Hears that one look-up of the shared tier (a round trip to the server) took {@code took}; for
   * the look-up timer. Must not block. The default ignores it.
   */
  default void sharedLookup(Duration took) {}
}
