package io.tenantcache.benchmarks;

// compare.sh requires: redis/pom.xml tenantcache-redis
// compare.sh requires: pom.xml <artifactId>redisson</artifactId>
// compare.sh requires: provider/src/main/java/io/tenantcache/cluster/ClusterTransport.java sharedTier()

import io.tenantcache.cluster.SharedTierStatus;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A read that Redis answers, on both sides: a remote-tier hit of TenantCache in mode {@code
 * shared} (the reading replica's local store misses, Redis holds the key) against Redisson's get
 * (every get reads Redis). Both are one round trip to the same redis-server ({@link LocalRedis}).
 *
 * <p>Two replicas of one cache ({@link RedisPeer#replica}): the writer puts every key {@code 0 ..
 * }{@value #KEYS}{@code - 1} (key = value; {@link RedisPeer#populate}, which prints how long
 * until Redis held them all), and once Redis holds them all (TenantCache: the writer's changes
 * all sent), the reader, which has no loader, gets keys picked uniformly at
 * random. TenantCache's reader is bounded to {@value #READER_CAPACITY} entries, so about {@value
 * #READER_CAPACITY} in {@value #KEYS} gets find the key locally and every other get is a local
 * miss that reads Redis, decodes the value, and stores it locally (evicting another): the whole
 * cost of a local miss served by the shared tier. The setup reads every key once through the
 * reader and requires the shared tier to count exactly {@value #KEYS} remote hits and no remote
 * miss; after every iteration the tier's figures must show a remote hit for at least {@value
 * #MIN_REMOTE_SHARE_PERCENT}% of the iteration's gets and no remote miss, else the trial fails.
 * Redisson's reader is a second client reading what the first wrote; every get must return its
 * key.
 *
 * <p>Average time per get in microseconds ({@code -t 2}: per thread).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SharedTierBenchmark {
  /** Keys the writer puts, {@code 0 .. KEYS - 1}, with the key as the value. */
  public static final int KEYS = 1 << 14;

  /** The most entries TenantCache's reader holds locally. */
  public static final int READER_CAPACITY = 256;

  /** The least share of an iteration's gets that the shared tier must count as remote hits. */
  public static final int MIN_REMOTE_SHARE_PERCENT = 90;

  @Param({"redisson", "tenantcache-shared"})
  public String provider;

  private LocalRedis redis;
  private RedisPeer writer;
  private RedisPeer reader;
  private Cache<Integer, Integer> cache;
  private Integer[] keys;
  private final LongAdder gets = new LongAdder();
  private final LongAdder wrongValues = new LongAdder();
  private long getsBefore;
  private SharedTierStatus before;
  private long measuredGets;
  private long measuredRemoteHits;

  @Setup(Level.Trial)
  public void writeAndCheck() throws Exception {
    redis = LocalRedis.start();
    writer = RedisPeer.open(provider, redis.uri(), null);
    long nanos = writer.populate(KEYS);
    System.out.println(String.format(Locale.ROOT, "writer: %d keys in Redis after %.0f ms from "
        + "one thread (%.0f per second)", KEYS, nanos / 1e6, KEYS / (nanos / 1e9)));
    reader = writer.replica(null, READER_CAPACITY);
    reader.awaitSettled();
    cache = reader.cache();
    keys = new Integer[KEYS];
    for (int key = 0; key < KEYS; key++) {
      keys[key] = key;
    }
    SharedTierStatus start = shared() ? reader.sharedStatus() : null;
    for (int key = 0; key < KEYS; key++) {
      Integer value = cache.get(keys[key]);
      if (value == null || value != key) {
        throw new IllegalStateException(provider + ": the reader finds " + value + " for " + key);
      }
    }
    if (shared()) {
      SharedTierStatus end = reader.sharedStatus();
      long hits = end.remoteHits() - start.remoteHits();
      long misses = end.remoteMisses() - start.remoteMisses();
      if (hits != KEYS || misses != 0) {
        throw new IllegalStateException(provider + ": reading every key once gave " + hits
            + " remote hits and " + misses + " remote misses, not " + KEYS + " and 0: "
            + reader.figures());
      }
    }
  }

  private boolean shared() {
    return provider.equals("tenantcache-shared");
  }

  @Setup(Level.Iteration)
  public void startCounting() {
    getsBefore = gets.sum();
    before = shared() ? reader.sharedStatus() : null;
  }

  @TearDown(Level.Iteration)
  public void checkRemoteHits() {
    long iterationGets = gets.sum() - getsBefore;
    if (wrongValues.sum() > 0) {
      throw new IllegalStateException(provider + ": " + wrongValues.sum()
          + " gets did not return their key");
    }
    if (!shared()) {
      measuredGets += iterationGets;
      return;
    }
    SharedTierStatus after = reader.sharedStatus();
    long hits = after.remoteHits() - before.remoteHits();
    long misses = after.remoteMisses() - before.remoteMisses();
    if (misses != 0 || hits * 100 < iterationGets * MIN_REMOTE_SHARE_PERCENT) {
      throw new IllegalStateException(provider + ": of " + iterationGets + " gets, " + hits
          + " were remote hits and " + misses + " remote misses: " + reader.figures());
    }
    measuredGets += iterationGets;
    measuredRemoteHits += hits;
  }

  @TearDown(Level.Trial)
  public void close() {
    String share = shared()
        ? String.format(Locale.ROOT, ", %d remote hits (%.1f%%); reader: %s",
            measuredRemoteHits, 100.0 * measuredRemoteHits / Math.max(1, measuredGets),
            reader.figures())
        : "";
    System.out.println("gets over warm-up and measurement: " + measuredGets + share);
    reader.close();
    writer.close();
    redis.close();
  }

  /**
   * A get of a key picked uniformly at random: for TenantCache a remote hit unless the key is
   * among the reader's few local entries.
   */
  @Benchmark
  public Integer get() {
    int key = ThreadLocalRandom.current().nextInt(KEYS);
    Integer value = cache.get(keys[key]);
    gets.increment();
    if (value == null || value != key) {
      wrongValues.increment();
    }
    return value;
  }
}
