package io.tenantcache.cluster;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster transport that records what a manager publishes and lets a test deliver other
 * replicas' invalidations to it: the provider's side of the cluster seam, tested without a server.
 * Registered for {@code recording://} URIs in the test class path's {@code META-INF/services}.
 */
public final class RecordingTransport implements ClusterTransport {
  private final ClusterSettings settings;
  private final ClusterReplica replica;
  private final List<Invalidation> published = new CopyOnWriteArrayList<>();
  private final Map<RepairReason, Long> repaired = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile boolean connected = true;

  RecordingTransport(ClusterSettings settings, ClusterReplica replica) {
    this.settings = settings;
    this.replica = replica;
  }

  /** The factory the service loader finds. */
  public static final class Factory implements ClusterTransportFactory {
    @Override
    public boolean accepts(URI uri) {
      return "recording".equals(uri.getScheme());
    }

    @Override
    public ClusterTransport open(ClusterSettings settings, ClusterReplica replica) {
      return new RecordingTransport(settings, replica);
    }
  }

  @Override
  public void publish(Invalidation invalidation) {
    published.add(invalidation);
  }

  /** What the manager published so far, in order. */
  public List<Invalidation> published() {
    return List.copyOf(published);
  }

  public void forget() {
    published.clear();
  }

  /** Delivers another replica's invalidation, as a transport's thread would. */
  public void deliver(Invalidation invalidation) {
    replica.apply(invalidation);
  }

  /** Delivers another replica's invalidation that took {@code lag} to arrive. */
  public void deliver(Invalidation invalidation, java.time.Duration lag) {
    replica.apply(invalidation);
    replica.lag(lag);
  }

  /** Tells the replica to drop everything, as a repair for {@code reason} would, and counts it. */
  public void repair(RepairReason reason) {
    repaired.merge(reason, 1L, Long::sum);
    replica.dropAll(reason.tag());
  }

  /** Tells the replica to drop everything, as a repair would. */
  public void repair() {
    replica.dropAll("test");
  }

  public ClusterSettings settings() {
    return settings;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public boolean isCurrent() {
    return true;
  }

  /** Makes the transport report itself connected or not (what on-publish-failure reads). */
  public void connected(boolean now) {
    connected = now;
  }

  @Override
  public ClusterStatus status() {
    return new ClusterStatus(connected, true, published.size(), 0, Map.copyOf(repaired), 0, -1);
  }

  @Override
  public void close() {
    closed = true;
  }
}
