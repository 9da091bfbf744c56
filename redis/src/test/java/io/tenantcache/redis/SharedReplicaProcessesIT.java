package io.tenantcache.redis;

import static io.tenantcache.redis.ReplicaProcess.expectOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.redis.ReplicaProcess.SharedFigures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mode {@code shared} between replicas in real JVM processes ({@link ReplicaMain}) through a real
 * redis-server. Pins, across processes: a stampede on one tenant's key makes one backend call in
 * all, every caller in every process getting its value; a lease holder that stops (SIGSTOP) holds
 * the others up for no longer than its lease, after which one of them loads, and the holder's late
 * value, once it resumes, does not replace that one in Redis; a tenant cleared on one replica is
 * served from neither tier anywhere once the clear has reached a replica, while another tenant's
 * values stay shared. Backend calls are counted in a file that every process appends to ({@link
 * BackendCommands.BackendLoader}).
 */
final class SharedReplicaProcessesIT {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String SHARED = TenantCacheProperties.CLUSTER_MODE + "=shared";
  /** Longer than any test here: no replica drops its entries for want of news from Redis. */
  private static final String MAX_STALENESS = "5s";

  private String namespace;
  private Path backend;
  private TestRedis redis;
  private final List<ReplicaProcess> replicas = new ArrayList<>();

  @BeforeEach
  void startRedis() throws IOException {
    namespace = "shared-it-" + UUID.randomUUID();
    backend = ReplicaMain.backend(namespace);
    Files.createDirectories(backend);
    redis = TestRedis.start();
  }

  @AfterEach
  void stopAll() throws IOException {
    CompletableFuture.allOf(replicas.stream()
        .map(replica -> CompletableFuture.runAsync(replica::close))
        .toArray(CompletableFuture[]::new)).join();
    redis.close();
    try (Stream<Path> files = Files.list(backend)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
    }
    Files.delete(backend);
  }

  /** Starts {@code count} replicas at once, with {@code properties}, and waits until current. */
  private List<ReplicaProcess> start(int count, String... properties) {
    List<CompletableFuture<ReplicaProcess>> starting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      starting.add(CompletableFuture.supplyAsync(
          () -> ReplicaProcess.start(redis.uri(), namespace, MAX_STALENESS, properties)));
    }
    List<ReplicaProcess> started = new ArrayList<>();
    RuntimeException failed = null;
    for (CompletableFuture<ReplicaProcess> each : starting) {
      try {
        started.add(each.join());
      } catch (RuntimeException e) {
        failed = e;
      }
    }
    replicas.addAll(started);
    if (failed != null) {
      throw failed;
    }
    await().atMost(BOUND).until(() -> started.stream().allMatch(ReplicaProcess::current));
    return started;
  }

  /** The pids of the processes whose loader was called for {@code key} of {@code tenant}. */
  private List<Long> backendCalls(String tenant, String key) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(backend.resolve("calls"));
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Long> pids = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.split(" ");
      if (words[1].equals(tenant) && words[2].equals(key)) {
        pids.add(Long.parseLong(words[0]));
      }
    }
    return pids;
  }

  /** The leases of loads in flight that Redis holds for the namespace. */
  private List<String> leases() {
    AtomicReference<List<String>> keys = new AtomicReference<>();
    redis.with(commands -> keys.set(commands.keys("tenantcache:" + namespace + ":lease:*")));
    return keys.get();
  }

  /** What {@link BackendCommands.BackendLoader} answers in {@code replica}. */
  private static String loaded(String tenant, String key, int version, ReplicaProcess replica) {
    return tenant + "/" + key + "/v" + version + "/" + replica.pid();
  }

  @Test
  void aStampedeOnThreeProcesses_makesOneBackendCall() throws IOException {
    List<ReplicaProcess> three = start(3, SHARED);
    int threads = 64;
    for (ReplicaProcess replica : three) {
      expectOk(replica.send("load-delay 250"));
      // Held until the others are seen waiting for its value: the stampedes overlap for sure.
      expectOk(replica.send("hold-loads"));
      assertThat(replica.send("stampede acme hot " + threads)).isEqualTo("armed");
    }
    for (ReplicaProcess replica : three) {
      assertThat(replica.send("go")).isEqualTo("go");
    }

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(backendCalls("acme", "hot")).as("backend calls, by pid").hasSize(1);
      assertThat(three.stream().filter(replica -> replica.sharedFigures().leaseWaits() == 1))
          .as("processes waiting for the lease holder's value").hasSize(2);
    });
    for (ReplicaProcess replica : three) {
      expectOk(replica.send("release-loads"));
    }

    List<Long> calls = backendCalls("acme", "hot");
    assertThat(calls).as("backend calls, by pid").hasSize(1);
    ReplicaProcess loader = three.stream().filter(replica -> replica.pid() == calls.get(0))
        .findFirst().orElseThrow();
    for (ReplicaProcess replica : three) {
      assertThat(replica.send("stampede-result")).as("the answers of replica %d", replica.pid())
          .isEqualTo(loaded("acme", "hot", 1, loader) + "*" + threads);
    }
    assertThat(backendCalls("acme", "hot")).as("backend calls, by pid").hasSize(1);
    for (ReplicaProcess replica : three) {
      SharedFigures figures = replica.sharedFigures();
      // One load per process (its threads coalesce), under the lease or waiting for it.
      assertThat(figures).as("replica %d", replica.pid()).isEqualTo((replica == loader)
          ? new SharedFigures(0, 1, 0, 0, 0, 0) : new SharedFigures(1, 0, 1, 0, 0, 0));
    }
    assertThat(leases()).as("no lease left").isEmpty();
  }

  @Test
  void aLeaseHolderStopped_holdsTheOthersUpForItsLeaseOnly_andItsLateValueIsNotShared()
      throws IOException {
    Duration lease = Duration.ofSeconds(1);
    List<ReplicaProcess> three = start(3, SHARED,
        TenantCacheProperties.CLUSTER_LEASE_WAIT + "=" + lease.toMillis() + "ms");
    ReplicaProcess a = three.get(0);
    ReplicaProcess b = three.get(1);
    ReplicaProcess c = three.get(2);

    expectOk(a.send("hold-loads"));
    long sent = System.nanoTime(); // a takes the lease after this
    assertThat(a.send("backend-get-async acme k")).isEqualTo("started");
    await().atMost(BOUND).until(() -> a.send("loads-in-flight").equals("1"));
    assertThat(leases()).as("a's lease").hasSize(1);
    a.pause();
    String answer;
    long asked;
    long answered;
    try {
      asked = System.nanoTime();
      answer = b.backendGet("acme", "k");
      answered = System.nanoTime();
    } finally {
      a.resume();
    }

    assertThat(answer).as("b's own load").isEqualTo(loaded("acme", "k", 1, b));
    assertThat(Duration.ofNanos(answered - sent)).as("from a's lease to b's answer")
        .isGreaterThanOrEqualTo(lease.minusMillis(50));
    assertThat(Duration.ofNanos(answered - asked)).as("b's wait")
        .isLessThan(lease.plusSeconds(5));
    assertThat(b.sharedFigures()).as("b waited, then took the lease over")
        .isEqualTo(new SharedFigures(0, 1, 1, 1, 0, 0));

    expectOk(a.send("release-loads"));
    // Its putLeased is voided (b took the lease over and wrote): a's caller gets the value the
    // others read, so that the replicas agree, and a keeps that one.
    assertThat(a.send("backend-result")).as("a's caller gets the shared value")
        .isEqualTo(loaded("acme", "k", 1, b));
    assertThat(a.backendGet("acme", "k")).as("a keeps the shared value")
        .isEqualTo(loaded("acme", "k", 1, b));
    assertThat(backendCalls("acme", "k")).containsExactly(a.pid(), b.pid());
    assertThat(leases()).as("no lease left").isEmpty();
    // a's value came after its lease had expired (b took it over and wrote): not written.
    assertThat(c.backendGet("acme", "k")).as("Redis keeps b's value")
        .isEqualTo(loaded("acme", "k", 1, b));
    assertThat(backendCalls("acme", "k")).as("c read it from Redis").hasSize(2);

    await().atMost(BOUND).until(a::current);
    assertThat(a.backendGet("acme", "next")).isEqualTo(loaded("acme", "next", 1, a));
    assertThat(b.backendGet("acme", "next")).as("a shares again")
        .isEqualTo(loaded("acme", "next", 1, a));
    assertThat(a.sharedFigures().unavailableCalls()).isZero();
  }

  @Test
  void aTenantClearedOnOneProcess_isServedFromNeitherTier_andOtherTenantsKeepTheirs()
      throws IOException {
    List<ReplicaProcess> three = start(3, SHARED);
    ReplicaProcess first = three.get(0);
    List<String> tenants = List.of("acme", "globex");
    List<String> keys = List.of("k1", "k2");
    for (String tenant : tenants) {
      for (String key : keys) {
        for (ReplicaProcess replica : three) {
          assertThat(replica.backendGet(tenant, key)).as("%s's %s", tenant, key)
              .isEqualTo(loaded(tenant, key, 1, first));
        }
        assertThat(backendCalls(tenant, key)).as("one load, shared").hasSize(1);
      }
    }
    long[] received = three.stream().mapToLong(ReplicaProcess::received).toArray();

    Files.writeString(backend.resolve("version"), "2");
    expectOk(first.send("backend-clear-tenant acme"));

    for (String key : keys) {
      assertThat(first.backendGet("acme", key)).as("at once where it was cleared")
          .isEqualTo(loaded("acme", key, 2, first));
    }
    for (int i = 1; i < three.size(); i++) {
      ReplicaProcess replica = three.get(i);
      long before = received[i];
      await().atMost(BOUND).until(() -> replica.received() > before);
      for (String key : keys) {
        assertThat(replica.backendGet("acme", key))
            .as("acme's %s on replica %d once the clear reached it", key, replica.pid())
            .startsWith("acme/" + key + "/v2/");
      }
    }
    for (ReplicaProcess replica : three) {
      for (String key : keys) {
        assertThat(replica.backendGet("acme", key)).startsWith("acme/" + key + "/v2/");
        assertThat(replica.backendGet("globex", key)).as("globex's %s kept", key)
            .isEqualTo(loaded("globex", key, 1, first));
      }
    }
    for (String key : keys) {
      assertThat(backendCalls("globex", key)).as("globex's %s not loaded again", key).hasSize(1);
    }
  }
}
