package io.tenantcache.redis;

import io.tenantcache.cluster.ClusterReplica;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.cluster.SharedTierStatus;
import io.tenantcache.redis.SharedTierCalls.SharedTierUnavailableException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The shared tier of a manager's caches in mode shared, in Redis ({@link SharedValues}): a local
 * miss looks the key up (unless this replica's own change of it is still on its way) and, when
 * Redis lacks it, takes its lease and loads it, or waits for the replica that holds the lease;
 * changes go out from {@link SharedChanges}, each with its invalidation in one script. Whatever
 * Redis does (slow, away, refusing), a miss costs at most a command's time limit and then loads
 * here: the cache works as in mode invalidate until Redis is back.
 *
 * <p>Thread-safe.
 */
final class RedisSharedTier implements SharedTier {
  /** The first pause between two looks at a key another replica is loading; doubles up to MAX. */
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final SharedValues values;
  private final SharedChanges changes;
  private final SharedTierFigures figures;
  private final long leaseWaitNanos;
  private final long leaseMillis;
  private final Map<String, LocalValues> caches = new ConcurrentHashMap<>();
  private final SharedTierCalls calls;
  private final ClusterReplica replica;
  private final StaleValueSweeper sweeper;
  /**
   * Lease tokens: this replica's random prefix and a count, unique in the cluster without a
   * random UUID (a call of the JVM's secure random) per local miss.
   */
  private final String tokenPrefix = UUID.randomUUID() + ":";
  private final AtomicLong tokens = new AtomicLong();
  /** Whether the replica is current (hears the invalidations in time): see {@link EpochView}. */
  private final BooleanSupplier current;

  RedisSharedTier(SharedValues values, SharedTierCalls calls, SharedTierFigures figures,
      ClusterReplica replica, Duration leaseWait, int capacity, BooleanSupplier current) {
    this.values = values;
    this.current = current;
    this.calls = calls;
    this.figures = figures;
    this.replica = replica;
    this.leaseWaitNanos = leaseWait.toNanos();
    this.leaseMillis = Math.max(1, leaseWait.toMillis());
    this.sweeper = new StaleValueSweeper(values);
    this.changes = new SharedChanges(values, caches, capacity, figures, sweeper::request);
  }

  /** Starts sending changes and sweeping unreachable values. */
  void start() {
    changes.start();
    sweeper.start();
  }

  @Override
  public void attach(String cache, LocalValues local) {
    caches.put(cache, local);
    sweeper.request(cache);   // what a replica that cleared and then died left behind
  }

  /** Returns how many unreachable values the sweeper has unlinked. */
  long unlinkedStaleValues() {
    return sweeper.unlinked();
  }

  @Override
  public void publish(Invalidation change) {
    changes.add(change);
  }

  @Override
  public void unreadable(String cache, String tenant) {
    figures.unreadable();
  }

  @Override
  public byte @Nullable [] getOrLoad(String cache, String tenant, byte[] key, Load load)
      throws Exception {
    if (changes.pendingFor(cache, tenant, key)) {
      // This replica changed the key and Redis may not show it yet: its own reads must not go
      // back to the value before the change.
      return loadHere(load);
    }
    if (current.getAsBoolean()) {
      try {
        byte[] known = knownEpochsHit(cache, tenant, key);
        if (known != null) {
          return known;
        }
      } catch (SharedTierUnavailableException e) {
        figures.unavailable();
        return loadHere(load);
      }
    }
    String token = tokenPrefix + Long.toString(tokens.incrementAndGet(), Character.MAX_RADIX);
    long deadline = System.nanoTime() + leaseWaitNanos;
    long pause = FIRST_PAUSE_NANOS;
    boolean waited = false;
    try {
      while (true) {
        long started = System.nanoTime();
        SharedValues.Lookup found = values.lookupOrLease(cache, tenant, key, token, leaseMillis);
        replica.sharedLookup(Duration.ofNanos(System.nanoTime() - started));
        if (found.value() != null) {
          figures.remoteHit();
          return found.value();
        }
        if (!found.leasedElsewhere()) {
          figures.remoteMiss();
          if (waited) {
            figures.leaseTakenOver();   // the holder's lease ran out, or it gave up
          }
          return found.leased() ? loadLeased(cache, tenant, key, token, load) : loadHere(load);
        }
        if (!waited) {
          waited = true;
          figures.leaseWait();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          figures.leaseWaitRanOut();
          return loadHere(load);
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
        pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
      }
    } catch (SharedTierUnavailableException e) {
      figures.unavailable();
      values.abandon(cache, tenant, key, token);
      return loadHere(load);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return loadHere(load);
    }
  }

  @Override
  public Map<Integer, byte[]> getAll(String cache, String tenant, List<byte[]> keys) {
    // As getOrLoad: a key this replica changed, with the change still on its way, is not read
    // back from Redis (a change after the read starts supersedes the load, as any write does).
    Set<Integer> pending = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (changes.pendingFor(cache, tenant, keys.get(i))) {
        pending.add(i);
      }
    }
    Map<Integer, byte[]> found;
    try {
      found = values.getAll(cache, tenant, keys);
    } catch (SharedTierUnavailableException e) {
      figures.unavailable();
      return Map.of();
    }
    found.keySet().removeAll(pending);
    found.forEach((index, value) -> figures.remoteHit());
    return found;
  }

  /**
   * Returns the value by the epochs this replica knows (one {@code GET}), or null: not known or
   * not there (a look-up follows).
   *
   * @throws SharedTierUnavailableException if Redis cannot answer now
   */
  private byte @Nullable [] knownEpochsHit(String cache, String tenant, byte[] key) {
    long started = System.nanoTime();
    byte[] value = values.getByKnownEpochs(cache, tenant, key);
    if (value != null) {
      replica.sharedLookup(Duration.ofNanos(System.nanoTime() - started));
      figures.remoteHit();
    }
    return value;
  }

  /** Loads under this replica's lease and writes the value unless the key changed meanwhile. */
  private byte @Nullable [] loadLeased(String cache, String tenant, byte[] key, String token,
      Load load) throws Exception {
    Value loaded;
    try {
      loaded = load.load();
    } catch (Exception | Error e) {
      releaseQuietly(cache, tenant, key, token);
      throw e;
    }
    if (loaded == null) {
      releaseQuietly(cache, tenant, key, token);
      return null;
    }
    try {
      if (!values.putLeased(cache, tenant, key, token, loaded.bytes(), loaded.ttlMillis())) {
        // The lease ran out and another replica loaded the key (or a change voided it): the
        // value the others read wins here too, so that the replicas agree.
        byte[] shared = values.get(cache, tenant, key);
        return (shared != null) ? shared : loaded.bytes();
      }
    } catch (SharedTierUnavailableException e) {
      figures.unavailable();   // the value still answers its callers; the tier misses it
    }
    return loaded.bytes();
  }

  private void releaseQuietly(String cache, String tenant, byte[] key, String token) {
    try {
      values.release(cache, tenant, key, token);
    } catch (SharedTierUnavailableException e) {
      figures.unavailable();   // the lease runs out by itself
    }
  }

  private static byte @Nullable [] loadHere(Load load) throws Exception {
    Value loaded = load.load();
    return (loaded == null) ? null : loaded.bytes();
  }

  @Override
  public SharedTierStatus status() {
    return new SharedTierStatus(figures.remoteHits(), figures.remoteMisses(),
        figures.leaseWaits(), figures.leasesTakenOver(), figures.leaseWaitsRanOut(),
        figures.unavailableCalls(), figures.unreadableValues(), changes.pending(),
        figures.overflows(), calls.state().name().toLowerCase(Locale.ROOT));
  }

  /** Returns how many changes wait to be sent. */
  int pending() {
    return changes.pending();
  }

  /** Sends what it can of the changes (bounded wait) and stops. */
  void close(Duration wait) {
    changes.close(wait);
    sweeper.close();
  }
}
