package io.tenantcache.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A manager's two connections to Redis: one that publishes (pipelined, never blocked) and one that
 * follows the stream (held by blocking reads). Lettuce reconnects each with backoff once it has
 * connected; until the first connect succeeds, {@link #publishing()} and {@link #following()} try
 * again each time they are asked (callers space their tries). A command fails at once while its
 * connection is down (no unbounded queue of commands in the client) and times out after {@link
 * #COMMAND_TIMEOUT}.
 */
final class RedisConnections implements AutoCloseable {
  /** How long a command may take before it fails (a blocking read: its block time on top). */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** The most commands a connection queues (while writing, or replayed after a reconnect). */
  static final int REQUEST_QUEUE_SIZE = 16_384;

  private final RedisClient client;
  private final String redactedUri;
  private final Duration followTimeout;
  private volatile @Nullable StatefulRedisConnection<String, String> publishing;
  private volatile @Nullable StatefulRedisConnection<String, String> following;
  private volatile @Nullable CompletableFuture<StatefulRedisConnection<String, byte[]>> sharing;
  private final RedisURI uri;

  private RedisConnections(RedisClient client, RedisURI uri, String redactedUri,
      Duration followTimeout) {
    this.client = client;
    this.uri = uri;
    this.redactedUri = redactedUri;
    this.followTimeout = followTimeout;
  }

  /**
   * Creates the client and tries to connect once: credentials that Redis refuses fail here; a
   * server that is away does not (the connections come when it is back).
   *
   * @param block how long a read of the stream blocks at most
   * @throws IllegalArgumentException if the URI is not a Redis URI, or Redis refuses the
   *     credentials (the message names the setting, never the password)
   */
  static RedisConnections open(ClusterSettings settings, Duration block) {
    RedisURI uri;
    try {
      uri = RedisURI.create(settings.uri());
    } catch (RuntimeException e) {
      // Lettuce's message may repeat the URI, password included: not passed on.
      throw new IllegalArgumentException(TenantCacheProperties.CLUSTER_REDIS_URI + " is '"
          + settings.redactedUri() + "', which is not a Redis URI; expected "
          + "redis://[user:password@]host:port[/db] or rediss://...");
    }
    uri.setTimeout(COMMAND_TIMEOUT);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .requestQueueSize(REQUEST_QUEUE_SIZE)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        // Each connection's own timeout (the URI's, the follower's longer one for its blocking
        // reads): a fixed timeout here would cut a blocking XREAD on a busy machine.
        .timeoutOptions(TimeoutOptions.enabled())
        .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
        .build());
    RedisConnections connections = new RedisConnections(client, uri, settings.redactedUri(),
        COMMAND_TIMEOUT.plus(block));
    try {
      connections.publishing();
    } catch (RedisException e) {
      String refused = refusal(e);
      if (refused != null) {
        connections.close();
        throw new IllegalArgumentException("Redis at " + TenantCacheProperties.CLUSTER_REDIS_URI
            + " '" + settings.redactedUri() + "' refused the credentials (" + refused + "): "
            + "check the user and password in the URI, and that the ACL user may use streams "
            + "(XADD, XREAD, XRANGE) and GET/SET");
      }
      // Away for now: the bus keeps trying.
    }
    return connections;
  }

  /** Returns the first word of an authentication refusal in {@code e}'s causes, or null. */
  static @Nullable String refusal(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (cause instanceof RedisCommandExecutionException && message != null) {
        String upper = message.toUpperCase(Locale.ROOT);
        for (String word : new String[] {"WRONGPASS", "NOAUTH", "NOPERM"}) {
          if (upper.startsWith(word)) {
            return word;
          }
        }
      }
      if (message != null && message.toUpperCase(Locale.ROOT).contains("WRONGPASS")) {
        return "WRONGPASS";
      }
    }
    return null;
  }

  /**
   * Returns the publishing connection, connecting first if it never has.
   *
   * @throws RedisException if Redis cannot be reached
   */
  StatefulRedisConnection<String, String> publishing() {
    StatefulRedisConnection<String, String> connection = publishing;
    if (connection == null) {
      synchronized (this) {
        connection = publishing;
        if (connection == null) {
          connection = client.connect();
          connection.setAutoFlushCommands(false); // the sender flushes each batch at once
          publishing = connection;
        }
      }
    }
    return connection;
  }

  /**
   * Returns the connection that follows the stream, connecting first if it never has.
   *
   * @throws RedisException if Redis cannot be reached
   */
  StatefulRedisConnection<String, String> following() {
    StatefulRedisConnection<String, String> connection = following;
    if (connection == null) {
      synchronized (this) {
        connection = following;
        if (connection == null) {
          connection = client.connect();
          connection.setTimeout(followTimeout);
          following = connection;
        }
      }
    }
    return connection;
  }

  /**
   * Returns the connection of the shared values (string keys, byte values) without ever waiting
   * for one: the first call starts connecting in the background (as does a call after a failed
   * attempt), and until the connection is open each call fails at once. A shared tier's call must
   * cost at most its time limit, and a connect (a handshake Redis may hold up) has none.
   *
   * @throws RedisConnectionException while the connection is not open yet
   */
  StatefulRedisConnection<String, byte[]> sharing() {
    StatefulRedisConnection<String, byte[]> open = sharingAttempt().getNow(null);
    if (open == null) {
      throw new RedisConnectionException("the shared tier's connection to " + redactedUri
          + " is not open yet");
    }
    return open;
  }

  /**
   * Starts connecting the shared tier's connection unless it is open or opening, and waits up to
   * {@code wait} for it (a new shared cache: not a hot path); returns whether it is open.
   */
  boolean openSharing(Duration wait) {
    try {
      sharingAttempt().get(wait.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;   // away, or slow: calls fail fast until it is open
    }
  }

  private CompletableFuture<StatefulRedisConnection<String, byte[]>> sharingAttempt() {
    CompletableFuture<StatefulRedisConnection<String, byte[]>> attempt = sharing;
    if (attempt == null || attempt.isCompletedExceptionally()) {
      synchronized (this) {
        attempt = sharing;
        if (attempt == null || attempt.isCompletedExceptionally()) {
          attempt = client.connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE),
              uri).toCompletableFuture();
          sharing = attempt;
        }
      }
    }
    return attempt;
  }


  /** Returns whether both connections are open now. */
  boolean isConnected() {
    StatefulRedisConnection<String, String> publisher = publishing;
    StatefulRedisConnection<String, String> follower = following;
    return publisher != null && publisher.isOpen() && follower != null && follower.isOpen();
  }

  String redactedUri() {
    return redactedUri;
  }

  @Override
  public void close() {
    closeQuietly(publishing);
    closeQuietly(following);
    CompletableFuture<StatefulRedisConnection<String, byte[]>> shared = sharing;
    if (shared != null) {
      shared.thenAccept(RedisConnections::closeQuietly);
      closeQuietly(shared.getNow(null));
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private static void closeQuietly(@Nullable StatefulRedisConnection<String, ?> connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (RuntimeException e) {
        // closing anyway: the client's shutdown releases what is left
      }
    }
  }
}
