package io.tenantcache.spring.boot.actuate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real redis-server for a test, on a free loopback port, as the redis module's tests start one:
 * the one on the PATH if there is one, else the Linux binary that {@code
 * com.github.codemonstur:embedded-redis} ships in its jar; {@code TENANTCACHE_TEST_REDIS_SERVER}
 * names another binary ({@code embedded}: the jar's). Nothing is persisted.
 */
final class TestRedis implements AutoCloseable {
  private static final String EMBEDDED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";

  private final int port = freePort();
  private Process process;

  private TestRedis() {
    List<String> command = List.of(binary().toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no");
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
          return "PONG".equals(ping());
        });
  }

  /** Starts a server and waits until it answers PING. */
  static TestRedis start() {
    return new TestRedis();
  }

  /** Returns the URI of the server, e.g. {@code redis://127.0.0.1:6390}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server at once (SIGKILL) and waits for it to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String ping() {
    RedisClient client = RedisClient.create(uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().ping();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
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
    kill();
  }
}
