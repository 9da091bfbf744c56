package io.tenantcache.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * A real redis-server for a test, on a free loopback port: the one on the PATH if there is one,
 * else the Linux binary that {@code com.github.codemonstur:embedded-redis} ships in its jar (Redis
 * 6.2), so that a fresh machine needs nothing installed. {@code TENANTCACHE_TEST_REDIS=redis://...}
 * points the tests at an external server instead (the tests that kill or restart the server are
 * then skipped), and {@code TENANTCACHE_TEST_REDIS_SERVER} names the binary ({@code embedded}: the
 * jar's, even when there is one on the PATH). Nothing is persisted: a restart starts empty, like
 * a failover to an empty replica. Shared with other modules' tests through this module's test jar.
 */
public final class TestRedis implements AutoCloseable {
  private static final String EXTERNAL = System.getenv("TENANTCACHE_TEST_REDIS");
  private static final String EMBEDDED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";

  private final int port;
  private final List<String> extraArguments;
  private Process process;

  private TestRedis(int port, List<String> extraArguments) {
    this.port = port;
    this.extraArguments = extraArguments;
  }

  /** Starts a server with the given extra configuration arguments (e.g. "--requirepass", "x"). */
  public static TestRedis start(String... extraArguments) {
    if (EXTERNAL != null) {
      return new TestRedis(RedisURI.create(EXTERNAL).getPort(), List.of());
    }
    TestRedis redis = new TestRedis(freePort(), List.of(extraArguments));
    redis.launch();
    return redis;
  }

  /** Returns the URI of the server, e.g. {@code redis://127.0.0.1:6390}. */
  public String uri() {
    return (EXTERNAL != null) ? EXTERNAL : "redis://127.0.0.1:" + port;
  }

  /** Returns the URI with {@code user:password@} in it. */
  String uri(String user, String password) {
    return "redis://" + user + ":" + password + "@127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Kills the server at once (SIGKILL): it saves nothing. */
  public void kill() {
    assumeTrue(EXTERNAL == null, "an external Redis is not killed by the tests");
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same port, empty. */
  void restart() {
    assumeTrue(EXTERNAL == null, "an external Redis is not restarted by the tests");
    launch();
  }

  /** Runs {@code commands} on a connection of the test's own (admin: no ACL user). */
  void with(Consumer<RedisCommands<String, String>> commands) {
    int at = extraArguments.indexOf("--requirepass");
    RedisURI uri = RedisURI.create((at >= 0) ? uri("default", extraArguments.get(at + 1)) : uri());
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      commands.accept(connection.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "no"));
    command.addAll(extraArguments);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command.get(0), e);
    }
    Awaitility.await("redis-server on port " + port).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20)).ignoreExceptions()
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("redis-server exited with " + process.exitValue());
          }
          with(redis -> redis.ping());
          return true;
        });
  }

  private static Path binary() {
    String chosen = System.getenv("TENANTCACHE_TEST_REDIS_SERVER");
    if ("embedded".equals(chosen)) {
      return embedded();
    }
    if (chosen != null && !chosen.isBlank()) {
      return Path.of(chosen);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return embedded();
  }

  private static Path embedded() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
        "no redis-server on the PATH, and the embedded binary is for Linux x86-64 only");
    return Embedded.PATH;
  }

  /** The embedded binary, copied out of its jar once per JVM. */
  private static final class Embedded {
    static final Path PATH = extract();

    private static Path extract() {
      try (InputStream in = TestRedis.class.getResourceAsStream(EMBEDDED_BINARY)) {
        if (in == null) {
          throw new IllegalStateException("embedded-redis has no " + EMBEDDED_BINARY);
        }
        Path file = Files.createTempFile("redis-server-", "");
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        file.toFile().setExecutable(true);
        file.toFile().deleteOnExit();
        return file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
