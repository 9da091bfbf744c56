package io.tenantcache.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tenantcache.cluster.ClusterReplica;
import io.tenantcache.cluster.ClusterSettings;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.SharedTier;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A manager's invalidation bus over Redis. Changes go out on the namespace's stream ({@code
 * tenantcache:<namespace>:invalidations}, trimmed to about {@link #STREAM_LENGTH} entries) from an
 * outbox, a batch of up to {@link #BATCH} per stream entry, by a sender thread; a follower thread
 * reads the stream from the last entry it applied ({@link StreamFollower}); a watchdog drops the
 * clustered caches' entries while the follower has not heard from Redis within max-staleness (the
 * replica is then not current), so that no entry outlives what the replica can vouch for.
 *
 * <p>Redis away: {@link #publish} goes on filling the outbox (bounded: past it, whole caches are
 * invalidated once Redis is back), reads and writes of the caches go on locally, and the follower
 * resumes from its last entry when Redis is back (or repairs, if that entry is gone).
 */
final class RedisInvalidationBus implements ClusterTransport {
  /** About how many entries (batches) the stream keeps (XADD MAXLEN ~). */
  static final long STREAM_LENGTH = 10_000;

  /** The most invalidations sent in one stream entry. */
  static final int BATCH = 512;

  /**
   * The most stream entries read in one round: small, so that a round (and the proof that the
   * replica is current) stays short even when the stream is busy.
   */
  static final int READ_BATCH = 32;

  /**
   * The time limit of one command of the shared tier: a local miss waits at most this long for
   * Redis before it loads the key itself.
   */
  static final Duration SHARED_CALL_LIMIT = Duration.ofMillis(250);

  /** How long to wait before trying an unreachable Redis again. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final ClusterSettings settings;
  private final ClusterReplica replica;
  private final RedisConnections connections;
  private final Outbox outbox;
  private final ClusterFigures figures;
  private final StreamFollower follower;
  private final String stream;
  private final String origin = UUID.randomUUID().toString();
  private final XAddArgs trimming = new XAddArgs().maxlen(STREAM_LENGTH).approximateTrimming();
  private final long maxStalenessNanos;
  private final Thread sender;
  private final Thread reader;
  private final ScheduledExecutorService watchdog;
  private volatile boolean closing;
  private @Nullable RedisSharedTier shared;
  private final SharedTierFigures sharedFigures = new SharedTierFigures();
  private final EpochView epochs = new EpochView();
  private volatile long lastHeardNanos;
  private volatile boolean current;

  private RedisInvalidationBus(ClusterSettings settings, ClusterReplica replica,
      RedisConnections connections, Duration block) {
    this.settings = settings;
    this.replica = replica;
    this.connections = connections;
    this.outbox = new Outbox(settings.outboxCapacity());
    this.figures = new ClusterFigures(settings.namespace());
    String prefix = "tenantcache:" + settings.namespace() + ":";
    this.stream = prefix + "invalidations";
    this.follower = new StreamFollower(stream, prefix + "incarnation", origin, replica, block,
        READ_BATCH, figures, epochs);
    this.maxStalenessNanos = settings.maxStaleness().toNanos();
    this.lastHeardNanos = System.nanoTime() - maxStalenessNanos - 1;
    this.sender = new Thread(this::sendLoop, "tenantcache-redis-sender");
    this.reader = new Thread(this::followLoop, "tenantcache-redis-follower");
    this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "tenantcache-redis-watchdog");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Connects (failing at once only for a malformed URI or refused credentials) and starts the
   * sender, the follower and the watchdog.
   */
  static RedisInvalidationBus open(ClusterSettings settings, ClusterReplica replica) {
    // A read blocks at most a quarter of max-staleness (at most 1 s): a quiet stream still
    // answers often enough to prove the replica current.
    Duration block = settings.maxStaleness().dividedBy(4);
    if (block.compareTo(Duration.ofSeconds(1)) > 0) {
      block = Duration.ofSeconds(1);
    }
    if (block.toMillis() < 1) {
      block = Duration.ofMillis(1);
    }
    RedisConnections connections = RedisConnections.open(settings, block);
    RedisInvalidationBus bus = new RedisInvalidationBus(settings, replica, connections, block);
    bus.start(block);
    return bus;
  }

  private void start(Duration block) {
    sender.setDaemon(true);
    reader.setDaemon(true);
    sender.start();
    reader.start();
    long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(5), block.toNanos());
    watchdog.scheduleAtFixedRate(this::checkStaleness, tick, tick, TimeUnit.NANOSECONDS);
  }

  @Override
  public void publish(Invalidation invalidation) {
    if (!closing) {
      outbox.add(invalidation);
    }
  }

  /** Returns the manager's shared tier, made on the first call (a cache in mode shared). */
  @Override
  public synchronized SharedTier sharedTier() {
    RedisSharedTier tier = shared;
    if (tier == null) {
      SharedTierCalls calls = new SharedTierCalls(settings.namespace(), SHARED_CALL_LIMIT,
          SharedTierCalls.defaultBreaker());
      SharedValues values = new SharedValues(settings.namespace(), stream, origin,
          () -> connections.sharing().async(), calls, epochs);
      tier = new RedisSharedTier(values, calls, sharedFigures, replica, settings.leaseWait(),
          settings.outboxCapacity(), this::isCurrent);
      tier.start();
      connections.openSharing(SHARED_CALL_LIMIT);
      shared = tier;
    }
    return tier;
  }

  /** Returns what the shared tier has done (zero while no cache is shared). */
  SharedTierFigures sharedFigures() {
    return sharedFigures;
  }

  @Override
  public boolean isConnected() {
    return connections.isConnected();
  }

  @Override
  public boolean isCurrent() {
    return current;
  }

  @Override
  public ClusterStatus status() {
    return new ClusterStatus(isConnected(), current, figures.sent(),
        figures.received(), figures.repairsByReason(), outbox.size(), figures.lastLagMillis());
  }

  private void sendLoop() {
    while (!closing || outbox.size() > 0) {
      List<Invalidation> batch;
      try {
        batch = outbox.takeBatch(BATCH, TimeUnit.MILLISECONDS.toNanos(100));
      } catch (InterruptedException e) {
        return;
      }
      if (batch.isEmpty()) {
        continue;
      }
      try {
        send(batch);
        outbox.sent();
        figures.sent(batch.size());
      } catch (Exception e) {
        outbox.putBack(batch);
        if (closing) {
          return; // what is left is lost with this replica's entries: nothing to invalidate
        }
        figures.connected(false, connections.redactedUri(), e);
        pause();
      }
    }
  }

  /** Sends a batch as one stream entry. */
  private void send(List<Invalidation> batch) throws Exception {
    StatefulRedisConnection<String, String> connection = connections.publishing();
    RedisFuture<String> sent = connection.async().xadd(stream, trimming,
        StreamEntries.fields(origin, batch, StreamEntries.wallClockMicros()));
    connection.flushCommands();
    sent.get(RedisConnections.COMMAND_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void followLoop() {
    while (!closing) {
      try {
        follower.round(connections.following().async());
        heard();
      } catch (Exception e) {
        if (closing) {
          return;
        }
        figures.connected(false, connections.redactedUri(), e);
        pause();
      }
    }
  }

  private void heard() {
    lastHeardNanos = System.nanoTime();
    figures.connected(true, connections.redactedUri(), null);
    if (!current) {
      current = true;
      figures.current();
    }
  }

  /** While the follower has not heard within max-staleness, drop what it cannot vouch for. */
  private void checkStaleness() {
    long silent = System.nanoTime() - lastHeardNanos;
    if (silent <= maxStalenessNanos) {
      return;
    }
    boolean becameSuspect = current;
    current = false;
    epochs.forgetAll();
    try {
      replica.dropAll("no word from Redis within max-staleness");
    } catch (RuntimeException e) {
      // a cache closing meanwhile: the next tick tries again
    }
    if (becameSuspect) {
      // Counted once the entries are gone, so that a count means they are.
      figures.suspect(TimeUnit.NANOSECONDS.toMillis(silent));
    }
  }

  private static void pause() {
    try {
      TimeUnit.NANOSECONDS.sleep(RETRY_NANOS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing = true;
    watchdog.shutdownNow();
    RedisSharedTier tier;
    synchronized (this) {
      tier = shared;
    }
    if (tier != null) {
      tier.close(RedisConnections.COMMAND_TIMEOUT);
    }
    try {
      sender.join(RedisConnections.COMMAND_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.close();
    try {
      reader.join(RedisConnections.COMMAND_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RedisInvalidationBus[" + settings + "]";
  }
}
