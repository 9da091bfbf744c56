package io.tenantcache.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tenantcache.cluster.ClusterReplica;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.RepairReason;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Follows the namespace's stream from the last entry this replica applied, and hands the other
 * replicas' invalidations to the replica. Each round is one pipelined exchange: the stream's
 * oldest entry and the namespace's incarnation (read first, at once) and a blocking read of what
 * follows the last applied entry. It proves the replica fresh, or repairs it:
 *
 * <ul>
 *   <li>the incarnation (a random value set once per Redis data set) changed or vanished: Redis
 *       lost its data (restart, failover), so invalidations may be lost: repair;
 *   <li>the stream's oldest entry is newer than the last one applied: entries this replica never
 *       read were trimmed: repair;
 *   <li>the stream is empty or gone although this replica has applied entries of it (trimming
 *       never empties it): it was deleted by hand: repair, and read the next stream from its
 *       start.
 * </ul>
 *
 * A repair drops every entry of the clustered caches (the replica can no longer prove them
 * fresh). Not thread-safe: one thread runs {@link #round}.
 */
final class StreamFollower {
  private static final String START = "0-0";

  private final String stream;
  private final String incarnationKey;
  private final String origin;
  private final ClusterReplica replica;
  private final Duration block;
  private final int batch;
  private final ClusterFigures figures;
  private final EpochView epochs;
  private @Nullable String incarnation;
  private @Nullable String lastApplied;

  StreamFollower(String stream, String incarnationKey, String origin, ClusterReplica replica,
      Duration block, int batch, ClusterFigures figures, EpochView epochs) {
    this.stream = stream;
    this.incarnationKey = incarnationKey;
    this.origin = origin;
    this.replica = replica;
    this.block = block;
    this.batch = batch;
    this.figures = figures;
    this.epochs = epochs;
  }

  /**
   * Runs one round on {@code redis}: returns once what followed the last applied entry (possibly
   * nothing, after the block time) is applied.
   *
   * @throws Exception a failure of Redis or of the connection (the caller tries again later)
   */
  void round(RedisAsyncCommands<String, String> redis) throws Exception {
    if (incarnation == null || lastApplied == null) {
      join(redis);
      return;
    }
    String from = lastApplied;
    RedisFuture<List<StreamMessage<String, String>>> oldest =
        redis.xrange(stream, Range.create("-", "+"), Limit.from(1));
    RedisFuture<String> incarnationNow = redis.get(incarnationKey);
    RedisFuture<List<StreamMessage<String, String>>> read = redis.xread(
        XReadArgs.Builder.count(batch).block(block), XReadArgs.StreamOffset.from(stream, from));
    String seen = await(incarnationNow);
    List<StreamMessage<String, String>> head = await(oldest);
    List<StreamMessage<String, String>> entries = awaitRead(read);
    if (!incarnationEquals(seen)) {
      repair(RepairReason.SERVER_LOST_DATA, "Redis lost its data (restarted or failed over): "
          + "the invalidations it held are gone");
      incarnation = adoptIncarnation(redis);
      lastApplied = START;
      apply(entries);
      return;
    }
    if (!from.equals(START) && head.isEmpty()) {
      // Trimming always leaves entries: an empty or missing stream was deleted (or trimmed to
      // nothing) by hand, with entries this replica may never have read.
      repair(RepairReason.MESSAGES_DELETED, "the stream was deleted or emptied: invalidations "
          + "this replica may never have read are gone");
      lastApplied = START;
    } else if (!from.equals(START)
        && StreamEntries.compareIds(head.get(0).getId(), from) > 0) {
      repair(RepairReason.MESSAGES_TRIMMED, "the stream was trimmed past the last entry this "
          + "replica applied: invalidations it never read are gone");
    }
    apply(entries);
    if (!entries.isEmpty()) {
      lastApplied = entries.get(entries.size() - 1).getId();
    }
  }

  /** Drops the clustered caches' entries, then counts the repair (a count means they are gone). */
  private void repair(RepairReason reason, String why) {
    epochs.forgetAll();
    replica.dropAll(why);
    figures.repaired(reason, why);
  }

  /** First contact (or after a restart of this follower): learns the incarnation and the tail. */
  private void join(RedisAsyncCommands<String, String> redis) throws Exception {
    incarnation = adoptIncarnation(redis);
    List<StreamMessage<String, String>> last =
        await(redis.xrevrange(stream, Range.create("-", "+"), Limit.from(1)));
    lastApplied = last.isEmpty() ? START : last.get(0).getId();
  }

  private String adoptIncarnation(RedisAsyncCommands<String, String> redis) throws Exception {
    RedisFuture<String> set = redis.set(incarnationKey, UUID.randomUUID().toString(),
        SetArgs.Builder.nx());
    RedisFuture<String> get = redis.get(incarnationKey);
    await(set);
    String value = await(get);
    if (value == null) {
      throw new IllegalStateException("the incarnation key vanished as it was set");
    }
    return value;
  }

  private boolean incarnationEquals(@Nullable String seen) {
    return seen != null && seen.equals(incarnation);
  }

  private void apply(List<StreamMessage<String, String>> entries) {
    long now = StreamEntries.wallClockMicros();
    for (StreamMessage<String, String> entry : entries) {
      lastApplied = entry.getId();
      if (origin.equals(entry.getBody().get(StreamEntries.ORIGIN))) {
        continue; // this replica's own change: applied when it was made
      }
      long at = StreamEntries.at(entry.getBody());
      long lagMicros = (at < 0) ? -1 : Math.max(0, now - at);
      for (Invalidation invalidation : StreamEntries.invalidations(entry.getBody())) {
        epochs.forget(invalidation);   // before the local tier drops: no miss reads old epochs
        replica.apply(invalidation);
        figures.received((lagMicros < 0) ? -1 : lagMicros / 1_000);
        if (lagMicros >= 0) {
          replica.lag(Duration.ofNanos(lagMicros * 1_000));
        }
      }
    }
  }

  private <T> T await(RedisFuture<T> future) throws Exception {
    return get(future, RedisConnections.COMMAND_TIMEOUT);
  }

  private List<StreamMessage<String, String>> awaitRead(
      RedisFuture<List<StreamMessage<String, String>>> read) throws Exception {
    List<StreamMessage<String, String>> entries =
        get(read, RedisConnections.COMMAND_TIMEOUT.plus(block));
    return (entries == null) ? List.of() : entries;
  }

  private static <T> T get(RedisFuture<T> future, Duration timeout) throws Exception {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw (cause instanceof Exception failure) ? failure : e;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    }
  }
}
