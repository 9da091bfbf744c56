package io.tenantcache.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheManager;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * TenantCache's health: a component {@value #CLUSTER} while the manager is clustered (a cluster
 * URI set and its transport, e.g. {@code tenantcache-redis}, on the class path), and nothing
 * otherwise (Actuator leaves an empty composite out of {@code /actuator/health}).
 *
 * <p>{@value #CLUSTER} is UP while the transport is connected and the replica has heard from the
 * cluster within max-staleness; DOWN otherwise, with the transport's figures and what the caches
 * do meanwhile in its details (they keep answering: a Redis outage never fails a cache call, but
 * its clustered entries are not served until the replica has caught up). The figures are read at
 * each request ({@link ClusterTransport#status()}: no call to Redis). Thread-safe.
 */
final class TenantCacheHealthContributor implements CompositeHealthContributor {
  /** The name of the cluster's component. */
  static final String CLUSTER = "cluster";

  private static final String DISCONNECTED = "the caches keep answering from this replica: "
      + "writes go on locally and their invalidations wait in the outbox (with "
      + "on-publish-failure=fail they fail instead); after max-staleness without news, clustered "
      + "caches serve none of their entries (every get loads) until the replica has caught up";
  private static final String NOT_CURRENT = "connected, but not caught up with the cluster: "
      + "clustered caches serve none of their entries (every get loads) until it has";

  private final TenantCacheManager manager;
  private final HealthIndicator cluster = this::clusterHealth;

  TenantCacheHealthContributor(TenantCacheManager manager) {
    this.manager = requireNonNull(manager, "manager");
  }

  @Override
  public @Nullable HealthContributor getContributor(String name) {
    return (CLUSTER.equals(name) && transport() != null) ? cluster : null;
  }

  @Override
  public Stream<Entry> stream() {
    return (transport() == null) ? Stream.empty() : Stream.of(new Entry(CLUSTER, cluster));
  }

  private Health clusterHealth() {
    ClusterTransport transport = transport();
    if (transport == null) {
      return Health.unknown().withDetail("clustered", false).build();
    }
    ClusterStatus status = transport.status();
    Health.Builder health = (status.connected() && status.current()) ? Health.up() : Health.down();
    health.withDetail("cacheManager", manager.getURI().toString())
        .withDetail("connected", status.connected())
        .withDetail("current", status.current())
        .withDetail("outbox", status.outbox())
        .withDetail("sent", status.sent())
        .withDetail("received", status.received())
        .withDetail("repairs", status.repairs())
        .withDetail("lastLagMillis", status.lastLagMillis());
    if (!status.connected()) {
      health.withDetail("caches", DISCONNECTED);
    } else if (!status.current()) {
      health.withDetail("caches", NOT_CURRENT);
    }
    return health.build();
  }

  /** Returns the manager's cluster transport, or null when it is not clustered. */
  private @Nullable ClusterTransport transport() {
    try {
      return manager.unwrap(ClusterTransport.class);
    } catch (IllegalArgumentException notClustered) {
      return null;
    }
  }
}
