package io.tenantcache.cluster;

import java.net.URI;

/**
 * Makes the {@link ClusterTransport} of a manager whose {@code tenantcache.cluster.redis.uri} it
 * accepts. Found with {@link java.util.ServiceLoader} on the manager's class loader ({@code
 * META-INF/services/io.tenantcache.cluster.ClusterTransportFactory}).
 */
public interface ClusterTransportFactory {
  /** Returns whether this factory connects to {@code uri} (by its scheme, e.g. {@code redis}). */
  boolean accepts(URI uri);

  /**
   * Joins the cluster: connects (a failure to authenticate or a malformed URI fails here, with a
   * message that names the setting and leaves the password out; a server that is away does not:
   * the transport keeps trying and the replica stays not {@link ClusterTransport#isCurrent()
   * current} until it gets through) and starts delivering the others' invalidations to {@code
   * replica}.
   *
   * @throws IllegalArgumentException if the settings cannot work (a bad URI, credentials refused)
   */
  ClusterTransport open(ClusterSettings settings, ClusterReplica replica);
}
