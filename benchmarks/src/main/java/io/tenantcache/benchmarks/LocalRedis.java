package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server for a benchmark: the one {@code -Dtenantcache.bench.redis=redis://host:port}
 * names, else {@code redis-server} from the PATH started on a free loopback port, without
 * persistence.
 */
final class LocalRedis implements AutoCloseable {
  private final String uri;
  private final Process process;

  private LocalRedis(String uri, Process process) {
    this.uri = uri;
    this.process = process;
  }

  static LocalRedis start() throws IOException, InterruptedException {
    String external = System.getProperty("tenantcache.bench.redis");
    if (external != null) {
      return new LocalRedis(external, null);
    }
    Path binary = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        binary = candidate;
        break;
      }
    }
    if (binary == null) {
      throw new IllegalStateException("this benchmark needs redis-server on the PATH "
          + "(apt-get install redis-server) or -Dtenantcache.bench.redis=redis://host:port");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder(List.of(binary.toString(), "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("redis-server did not start on port " + port, e);
        }
        Thread.sleep(20);
      }
    }
    return new LocalRedis("redis://127.0.0.1:" + port, process);
  }

  String uri() {
    return uri;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
