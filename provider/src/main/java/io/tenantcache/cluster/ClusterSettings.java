package io.tenantcache.cluster;

import io.tenantcache.ClusterMode;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * How a cache manager joins a cluster, read from its {@code tenantcache.cluster.*} properties.
 *
 * @param uri where the replicas meet, e.g. {@code redis://user:password@host:6379/0}; may hold a
 *     password, so {@link #toString()} leaves its user information out
 * @param namespace which managers share caches: the same namespace and cache name is the same
 *     cache on every replica
 * @param mode the mode of the manager's caches
 * @param maxStaleness how long a replica may go without hearing from the others before it stops
 *     trusting its own entries
 * @param outboxCapacity how many invalidations wait for the transport while it cannot send them;
 *     past that, the caches they were for are invalidated whole once it can
 * @param onPublishFailure what a write does while its change cannot be published
 * @param leaseWait mode shared: how long a miss waits for another replica's load of its key
 *     before loading it itself, and how long a load's lease lasts
 */
public record ClusterSettings(URI uri, String namespace, ClusterMode mode, Duration maxStaleness,
    int outboxCapacity, OnPublishFailure onPublishFailure, Duration leaseWait) {

  /** The default of {@code tenantcache.cluster.max-staleness}. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(2);

  /** The default of {@code tenantcache.cluster.outbox-capacity}. */
  public static final int DEFAULT_OUTBOX_CAPACITY = 10_000;

  /** The default of {@code tenantcache.cluster.lease-wait}. */
  public static final Duration DEFAULT_LEASE_WAIT = Duration.ofSeconds(5);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException for a blank namespace, a max-staleness or lease wait that
   *     is not positive, or an outbox capacity below 1
   */
  public ClusterSettings {
    requireNonNull(uri, "uri");
    requireNonNull(namespace, "namespace");
    requireNonNull(mode, "mode");
    requireNonNull(maxStaleness, "maxStaleness");
    requireNonNull(onPublishFailure, "onPublishFailure");
    requireNonNull(leaseWait, "leaseWait");
    if (namespace.isBlank()) {
      throw new IllegalArgumentException("tenantcache.cluster.namespace is blank; name the group "
          + "of managers that share caches, or leave it unset for the manager's URI");
    }
    if (maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new IllegalArgumentException("tenantcache.cluster.max-staleness is " + maxStaleness
          + "; it must be positive, e.g. 2s");
    }
    if (leaseWait.isNegative() || leaseWait.isZero()) {
      throw new IllegalArgumentException("tenantcache.cluster.lease-wait is " + leaseWait
          + "; it must be positive, e.g. 5s");
    }
    if (outboxCapacity < 1) {
      throw new IllegalArgumentException("tenantcache.cluster.outbox-capacity is "
          + outboxCapacity + "; it must be at least 1");
    }
  }

  /** The settings with the default lease wait. */
  public ClusterSettings(URI uri, String namespace, ClusterMode mode, Duration maxStaleness,
      int outboxCapacity, OnPublishFailure onPublishFailure) {
    this(uri, namespace, mode, maxStaleness, outboxCapacity, onPublishFailure,
        DEFAULT_LEASE_WAIT);
  }

  /** Returns the URI without its user information (no password), for messages and logs. */
  public String redactedUri() {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    String text = uri.toString();
    return text.replace(uri.getRawUserInfo() + "@", "***@");
  }

  /** Leaves the password out. */
  @Override
  public String toString() {
    return "ClusterSettings[uri=" + redactedUri() + ", namespace=" + namespace + ", mode=" + mode
        + ", maxStaleness=" + maxStaleness + ", outboxCapacity=" + outboxCapacity
        + ", onPublishFailure=" + onPublishFailure + ", leaseWait=" + leaseWait + "]";
  }
}
