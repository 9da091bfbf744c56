package io.tenantcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.TenantCacheProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A randomized check of the staleness bound, in mode invalidate and in mode shared (so across both
 * tiers): three replicas in child JVMs, 50 tenants, a seeded
 * mix of gets, puts, removes and tenant clears driven one at a time (so the history is a total
 * order on this JVM's clock), with Redis killed for longer than max-staleness and restarted empty
 * in the middle. Every read is checked against the history: it returns a value that was written
 * to that tenant's key (never another tenant's), and if that value had been replaced, it was
 * replaced at most {@link #BOUND} before the read. The largest staleness seen is printed.
 */
final class StalenessCheckerIT {
  private static final Duration MAX_STALENESS = Duration.ofSeconds(1);
  /** max-staleness, plus a watchdog tick, the propagation and a slow child JVM's reply. */
  private static final long BOUND = TimeUnit.MILLISECONDS.toNanos(2_000);
  private static final int TENANTS = 50;
  private static final int KEYS = 4;
  private static final long SEED = 0x5EED_22L;

  /** One value of one tenant's key: when it was written, and when it was replaced (or never). */
  private static final class Version {
    final long written;
    long replaced = Long.MAX_VALUE;

    Version(long written) {
      this.written = written;
    }
  }

  private final Map<String, Version> versions = new HashMap<>(); // value -> its version
  private final Map<String, String> current = new HashMap<>(); // tenant/key -> value, if any
  private final Random random = new Random(SEED);
  private long reads;
  private long staleReads;
  private long largestStaleness;
  private int counter;

  /** In both modes: the local tier only, and the local tier with values shared in Redis. */
  @ParameterizedTest
  @ValueSource(strings = {"invalidate", "shared"})
  void noReadReturnsAValueReplacedLongerAgoThanTheBound_faultsIncluded(String mode) {
    String namespace = "checker-" + UUID.randomUUID();
    String staleness = MAX_STALENESS.toMillis() + "ms";
    String clusterMode = TenantCacheProperties.CLUSTER_MODE + "=" + mode;
    try (TestRedis redis = TestRedis.start();
        ReplicaProcess a = ReplicaProcess.start(redis.uri(), namespace, staleness, clusterMode);
        ReplicaProcess b = ReplicaProcess.start(redis.uri(), namespace, staleness, clusterMode);
        ReplicaProcess c = ReplicaProcess.start(redis.uri(), namespace, staleness, clusterMode)) {
      List<ReplicaProcess> replicas = List.of(a, b, c);
      await().atMost(Duration.ofSeconds(20)).until(() -> a.current() && b.current() && c.current());

      run(replicas, 600);
      redis.kill();
      long outage = System.nanoTime() + MAX_STALENESS.multipliedBy(3).toNanos();
      while (System.nanoTime() < outage) {
        run(replicas, 20);
      }
      redis.restart();
      await().atMost(Duration.ofSeconds(20)).until(() -> a.current() && b.current() && c.current());
      run(replicas, 600);

      System.out.printf("staleness checker (" + mode + "): %d reads, %d of a replaced value, largest staleness "
          + "%.1f ms (bound %d ms)%n", reads, staleReads, largestStaleness / 1e6,
          TimeUnit.NANOSECONDS.toMillis(BOUND));
      assertThat(reads).isGreaterThan(500);
      assertThat(largestStaleness).as("largest staleness, ns").isLessThanOrEqualTo(BOUND);
    }
  }

  private void run(List<ReplicaProcess> replicas, int operations) {
    for (int i = 0; i < operations; i++) {
      ReplicaProcess replica = replicas.get(random.nextInt(replicas.size()));
      String tenant = "t" + random.nextInt(TENANTS);
      String key = "k" + random.nextInt(KEYS);
      int dice = random.nextInt(100);
      long now = System.nanoTime();
      if (dice < 50) {
        check(tenant, key, replica.get(tenant, key), now);
      } else if (dice < 82) {
        String value = tenant + "-" + key + "-v" + (++counter);
        replace(tenant, key, now);
        versions.put(value, new Version(now));
        current.put(tenant + "/" + key, value);
        replica.put(tenant, key, value);
      } else if (dice < 95) {
        replace(tenant, key, now);
        replica.remove(tenant, key);
      } else {
        for (int k = 0; k < KEYS; k++) {
          replace(tenant, "k" + k, now);
        }
        replica.clearTenant(tenant);
      }
    }
  }

  private void replace(String tenant, String key, long now) {
    String previous = current.remove(tenant + "/" + key);
    if (previous != null) {
      versions.get(previous).replaced = now;
    }
  }

  private void check(String tenant, String key, String value, long readAt) {
    reads++;
    if (value == null) {
      return; // a miss is never stale
    }
    assertThat(value).as("a value of this tenant's key").startsWith(tenant + "-" + key + "-v");
    Version version = versions.get(value);
    assertThat(version).as("a value that was written").isNotNull();
    if (version.replaced < readAt) {
      staleReads++;
      largestStaleness = Math.max(largestStaleness, readAt - version.replaced);
    }
  }
}
