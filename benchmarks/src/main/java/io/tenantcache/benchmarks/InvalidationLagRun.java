package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis
// compare.sh requires: provider/src/main/java/io/tenantcache/cluster/ClusterSettings.java OnPublishFailure
// compare.sh requires: provider/src/main/java/io/tenantcache/cluster/ClusterTransport.java sharedTier()

import io.tenantcache.cluster.ClusterReplica;
import io.tenantcache.cluster.ClusterSettings;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.OnPublishFailure;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.ClusterMode;
import io.tenantcache.redis.RedisTransportFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The invalidation lag on loopback, publish to apply, at a fixed write rate: one replica's bus
 * publishes invalidations paced at each rate for a few seconds, another replica's bus (same JVM,
 * same Redis, so one clock) applies them, and the time from publish to apply of each is recorded.
 * Not a JMH benchmark (JMH measures throughput or time per call, not the latency of a message
 * between two threads at a paced rate); run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.tenantcache.benchmarks.InvalidationLagRun
 * [shared] [seconds per rate] [rates...]}, default 10 s at 1,000 and 10,000 invalidations/s.
 *
 * <p>With {@code shared} first, the writer is in mode {@code shared}: each change goes to its
 * shared tier's queue (as a write of a shared cache does) and out as one script per key that
 * writes a value (one byte) to Redis with its invalidation; the lag is then queue, script and
 * stream, publish to apply. What is not applied within 30 s of the last publish is counted as
 * not applied and left out of the percentiles.
 */
public final class InvalidationLagRun {
  private InvalidationLagRun() {}

  public static void main(String[] args) throws Exception {
    boolean shared = args.length > 0 && args[0].equals("shared");
    int first = shared ? 1 : 0;
    int seconds = (args.length > first) ? Integer.parseInt(args[first]) : 10;
    int[] rates = (args.length > first + 1)
        ? Arrays.stream(args, first + 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {1_000, 10_000};
    try (LocalRedis redis = LocalRedis.start()) {
      System.out.println("mode " + (shared ? "shared" : "invalidate"));
      System.out.println("rate/s  sent     applied  p50 ms  p99 ms  max ms");
      for (int rate : rates) {
        run(redis.uri(), rate, seconds, shared);
      }
    }
  }

  private static void run(String uri, int rate, int seconds, boolean shared) throws Exception {
    int count = rate * seconds;
    long[] lags = new long[count];
    AtomicInteger applied = new AtomicInteger();
    ClusterSettings settings = new ClusterSettings(URI.create(uri), "lag-" + System.nanoTime(),
        shared ? ClusterMode.SHARED : ClusterMode.INVALIDATE, Duration.ofSeconds(2), 100_000,
        OnPublishFailure.DEFER);
    ClusterReplica receiver = new ClusterReplica() {
      @Override
      public void apply(Invalidation invalidation) {
        long now = System.nanoTime();
        ByteBuffer key = ByteBuffer.wrap(invalidation.key());
        int index = key.getInt();
        lags[index] = now - key.getLong();
        applied.incrementAndGet();
      }

      @Override
      public void dropAll(String reason) {}
    };
    ClusterReplica silent = new ClusterReplica() {
      @Override
      public void apply(Invalidation invalidation) {}

      @Override
      public void dropAll(String reason) {}
    };
    RedisTransportFactory factory = new RedisTransportFactory();
    try (ClusterTransport reading = factory.open(settings, receiver);
        ClusterTransport writing = factory.open(settings, silent)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(reading.isCurrent() && writing.isCurrent()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      SharedTier tier = shared ? writing.sharedTier() : null;
      if (tier != null) {
        SharedTier.Value value = new SharedTier.Value(new byte[] {1}, 60_000);
        tier.attach("lag", (tenant, key) -> value);
      }
      long interval = TimeUnit.SECONDS.toNanos(1) / rate;
      long next = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        ByteBuffer key = ByteBuffer.allocate(12).putInt(i).putLong(System.nanoTime());
        Invalidation change = Invalidation.ofKey("lag", "acme", key.array());
        if (tier != null) {
          tier.publish(change);
        } else {
          writing.publish(change);
        }
        next += interval;
      }
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (applied.get() < count && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    long[] seen = Arrays.stream(lags).filter(lag -> lag > 0).sorted().toArray();
    System.out.println(String.format(Locale.ROOT, "%-7d %-8d %-8d %-7.2f %-7.2f %.2f", rate, count,
        seen.length, millis(seen, 0.50), millis(seen, 0.99),
        (seen.length == 0) ? Double.NaN : seen[seen.length - 1] / 1e6));
  }

  private static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }
}
