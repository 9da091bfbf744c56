package io.tenantcache.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A replica in a child JVM ({@link ReplicaMain}), started with this JVM's class path. */
final class ReplicaProcess implements AutoCloseable {
  private static final long REPLY_SECONDS = 20;

  private final Process process;
  private final BufferedReader replies;
  private final PrintStream commands;
  private final long pid;

  private ReplicaProcess(Process process) throws IOException {
    this.process = process;
    this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = reply();
    if (!ready.startsWith("ready ")) {
      throw new IllegalStateException("replica did not start: " + ready);
    }
    this.pid = Long.parseLong(ready.substring("ready ".length()));
  }

  /**
   * Starts a replica of {@code namespace}; each of {@code properties} ({@code name=value}) is a
   * property of its manager on top of the URI, the namespace and max-staleness.
   */
  static ReplicaProcess start(String redisUri, String namespace, String maxStaleness,
      String... properties) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // C1 only: a short-lived child spends far less of the machine's 2 cores compiling.
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ReplicaMain.class.getName(), redisUri, namespace, maxStaleness));
    command.addAll(List.of(properties));
    try {
      return new ReplicaProcess(new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one command and returns its one-line reply. */
  synchronized String send(String command) {
    commands.println(command);
    return reply();
  }

  boolean contains(String tenant, String key) {
    return Boolean.parseBoolean(send("contains " + tenant + " " + key));
  }

  void put(String tenant, String key, String value) {
    expectOk(send("put " + tenant + " " + key + " " + value));
  }

  /** Returns the value the replica holds, or null. */
  String get(String tenant, String key) {
    String reply = send("get " + tenant + " " + key);
    if (reply.startsWith("error ")) {
      throw new IllegalStateException("replica answered: " + reply);
    }
    return reply.equals("null") ? null : reply;
  }

  void remove(String tenant, String key) {
    expectOk(send("remove " + tenant + " " + key));
  }

  void clearTenant(String tenant) {
    expectOk(send("clear-tenant " + tenant));
  }

  /** current, sent, received, repairs, outbox. */
  long[] status() {
    String[] words = send("status").split(" ");
    return new long[] {Boolean.parseBoolean(words[0]) ? 1 : 0, Long.parseLong(words[1]),
        Long.parseLong(words[2]), Long.parseLong(words[3]), Long.parseLong(words[4])};
  }

  boolean current() {
    return status()[0] == 1;
  }

  long received() {
    return status()[2];
  }

  long repairs() {
    return status()[3];
  }

  long pid() {
    return pid;
  }

  /** Returns the value of the cache {@value ReplicaMain#BACKEND} (read-through), or null. */
  String backendGet(String tenant, String key) {
    String reply = send("backend-get " + tenant + " " + key);
    if (reply.startsWith("error ")) {
      throw new IllegalStateException("replica answered: " + reply);
    }
    return reply.equals("null") ? null : reply;
  }

  /** What the replica's shared tier has done ({@link SharedTierFigures}). */
  record SharedFigures(long remoteHits, long remoteMisses, long leaseWaits, long leasesTakenOver,
      long leaseWaitsRanOut, long unavailableCalls) {}

  SharedFigures sharedFigures() {
    String reply = send("shared-figures");
    if (reply.startsWith("error ")) {
      throw new IllegalStateException("replica answered: " + reply);
    }
    long[] figures = Arrays.stream(reply.split(" ")).mapToLong(Long::parseLong).toArray();
    return new SharedFigures(figures[0], figures[1], figures[2], figures[3], figures[4],
        figures[5]);
  }

  /** SIGSTOP: the JVM stops where it is (its connections stay open). */
  void pause() {
    signal("-STOP");
  }

  /** SIGCONT. */
  void resume() {
    signal("-CONT");
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void expectOk(String reply) {
    if (!reply.equals("ok")) {
      throw new IllegalStateException("replica answered: " + reply);
    }
  }

  private String reply() {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return replies.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      String reply = line.get(REPLY_SECONDS, TimeUnit.SECONDS);
      if (reply == null) {
        throw new IllegalStateException("the replica exited");
      }
      return reply;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("no reply from the replica within " + REPLY_SECONDS + " s",
          e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      resume();
      try {
        commands.println("exit");
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
    }
  }
}
