package io.tenantcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Coherence between replicas in real JVM processes, through a real redis-server. */
final class ReplicaProcessesIT {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void aWriteAndATenantClearOnOneProcess_reachTheOthers() {
    String namespace = "it-" + UUID.randomUUID();
    try (TestRedis redis = TestRedis.start();
        ReplicaProcess a = ReplicaProcess.start(redis.uri(), namespace, "2s");
        ReplicaProcess b = ReplicaProcess.start(redis.uri(), namespace, "2s");
        ReplicaProcess c = ReplicaProcess.start(redis.uri(), namespace, "2s")) {
      await().atMost(BOUND).until(() -> a.current() && b.current() && c.current());
      // b and c hold keys of their own ("b..." and "c..."): a put publishes, and they must not
      // invalidate each other's before the test begins.
      for (ReplicaProcess replica : new ReplicaProcess[] {b, c}) {
        String prefix = (replica == b) ? "b" : "c";
        for (String tenant : new String[] {"acme", "globex"}) {
          for (int i = 0; i < 20; i++) {
            replica.put(tenant, prefix + i, "v");
          }
        }
      }
      a.put("acme", "b0", "new"); // a write: b drops its b0 of acme
      a.put("acme", "c0", "new");

      await().atMost(BOUND).until(() -> !b.contains("acme", "b0") && !c.contains("acme", "c0"));
      assertThat(b.contains("acme", "b1")).isTrue();
      assertThat(c.contains("acme", "c1")).isTrue();

      a.clearTenant("acme");

      await().atMost(BOUND).until(() -> !b.contains("acme", "b5") && !c.contains("acme", "c5"));
      for (ReplicaProcess replica : new ReplicaProcess[] {b, c}) {
        String prefix = (replica == b) ? "b" : "c";
        for (int i = 0; i < 20; i++) {
          assertThat(replica.contains("acme", prefix + i)).isFalse();
          assertThat(replica.contains("globex", prefix + i)).isTrue();
        }
      }
    }
  }

  /**
   * The stale fill race across processes: b's load read the backend before a changed it; a's
   * write reaches b while the load is in flight, so the load's value is not stored: its caller
   * gets the value of a load after the write, which b keeps.
   */
  @Test
  void aLoadInFlightWhenAnotherProcessWrites_doesNotLeaveTheOldValue() throws IOException {
    String namespace = "it-" + UUID.randomUUID();
    Path backend = ReplicaMain.backend(namespace);
    Files.createDirectories(backend);
    Files.writeString(backend.resolve("k"), "old");
    try (TestRedis redis = TestRedis.start();
        ReplicaProcess a = ReplicaProcess.start(redis.uri(), namespace, "2s");
        ReplicaProcess b = ReplicaProcess.start(redis.uri(), namespace, "2s")) {
      await().atMost(BOUND).until(() -> a.current() && b.current());

      assertThat(b.send("load-async acme k")).isEqualTo("started");
      await().atMost(BOUND).until(() -> Files.exists(backend.resolve("loading-k")));
      Files.writeString(backend.resolve("k"), "new");
      long received = b.received();
      assertThat(a.send("remove-loaded acme k")).isEqualTo("ok");
      await().atMost(BOUND).until(() -> b.received() > received);
      Files.writeString(backend.resolve("release"), "");

      assertThat(b.send("load-result")).as("its caller reads after the write").isEqualTo("new");
      assertThat(b.send("get-loaded acme k")).as("the old value was not stored").isEqualTo("new");
    } finally {
      try (Stream<Path> files = Files.list(backend)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.delete(file);
        }
      }
      Files.delete(backend);
    }
  }

  @Test
  void aProcessPausedWhileTheStreamIsTrimmedPastIt_repairsWhenItResumes() {
    String namespace = "it-" + UUID.randomUUID();
    try (TestRedis redis = TestRedis.start();
        ReplicaProcess a = ReplicaProcess.start(redis.uri(), namespace, "30s");
        ReplicaProcess b = ReplicaProcess.start(redis.uri(), namespace, "30s")) {
      await().atMost(BOUND).until(() -> a.current() && b.current());
      long received = a.received();
      b.put("acme", "held", "v");
      b.put("acme", "changed", "old");
      await().atMost(BOUND).until(() -> a.received() >= received + 2);

      b.pause();
      a.put("acme", "changed", "new"); // b misses this one...
      String stream = "tenantcache:" + namespace + ":invalidations";
      redis.with(redisCommands -> {
        redisCommands.xadd(stream, Map.of("filler", "1"));
        redisCommands.xtrim(stream, 1); // ...and it is trimmed away before b reads it
      });
      b.resume();

      await().atMost(BOUND).until(() -> b.repairs() >= 1);
      assertThat(b.contains("acme", "changed")).as("no stale value after the gap").isFalse();
      assertThat(b.contains("acme", "held")).as("nothing b cannot vouch for").isFalse();
    }
  }

  @Test
  void aProcessNotHearingFromRedis_dropsItsEntries_andRecovers() {
    String namespace = "it-" + UUID.randomUUID();
    try (TestRedis redis = TestRedis.start();
        ReplicaProcess a = ReplicaProcess.start(redis.uri(), namespace, "500ms")) {
      await().atMost(BOUND).until(a::current);
      a.put("acme", "k", "v");

      redis.kill();

      await().atMost(BOUND).until(() -> !a.current() && !a.contains("acme", "k"));
      redis.restart();
      await().atMost(BOUND).until(a::current);
      a.put("acme", "k2", "v");
      assertThat(a.contains("acme", "k2")).isTrue();
    }
  }
}
