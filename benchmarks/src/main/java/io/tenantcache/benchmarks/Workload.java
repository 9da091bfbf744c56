package io.tenantcache.benchmarks;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The shared workload: a scrambled Zipfian key trace (YCSB's distribution, skew 0.99) that every
 * provider replays in the same order, the cache capacity, and the checks made around each run.
 *
 * <p>The trace has {@value #TRACE_LENGTH} positions over {@value #ITEMS} possible keys; the cache
 * holds {@value #CAPACITY} entries, more than the trace's distinct keys, so after pre-population
 * every get is a hit. Each position holds its own boxed {@code Integer} (as autoboxing would hand a
 * caller), so lookups compare keys with {@code equals}, not by identity.
 */
public final class Workload {
  /** Positions in the key trace (a power of two: indexes wrap with {@link #MASK}). */
  public static final int TRACE_LENGTH = 1 << 16;

  /** {@code index & MASK} is a position in the trace. */
  public static final int MASK = TRACE_LENGTH - 1;

  /** How many distinct keys the Zipfian distribution draws from. */
  public static final int ITEMS = 1 << 14;

  /** Every provider's maximum size in the hit, put and miss benchmarks. */
  public static final int CAPACITY = 1 << 15;

  /** The skew of YCSB's Zipfian distribution. */
  public static final double ZIPF_THETA = 0.99;

  private static final long SEED = 0x7E9A9C0FFEEL;

  private Workload() {}

  /** Returns the key trace: the same for every provider and every run. */
  public static Integer[] zipfianTrace() {
    ScrambledZipfian zipf = new ScrambledZipfian(ITEMS, ZIPF_THETA, new Random(SEED));
    Integer[] keys = new Integer[TRACE_LENGTH];
    for (int i = 0; i < TRACE_LENGTH; i++) {
      // Integer.valueOf boxes anew for every key outside [-128, 127] (the default box cache)
      keys[i] = Integer.valueOf(zipf.next());
    }
    return keys;
  }

  /** Returns which trace positions are puts: a quarter of them, at random (fixed seed). */
  public static boolean[] putPositions(double putShare) {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    boolean[] puts = new boolean[TRACE_LENGTH];
    for (int i = 0; i < TRACE_LENGTH; i++) {
      puts[i] = random.nextDouble() < putShare;
    }
    return puts;
  }

  /** Puts every key of the trace, with the key as its value. */
  public static void populate(BenchCache cache, Integer[] keys) {
    for (Integer key : keys) {
      cache.put(key, key);
    }
  }

  /**
   * Throws unless every key of the trace is a hit with the value it was stored with (the run
   * measured hits only, nothing was evicted).
   */
  public static void verifyAllHits(BenchCache cache, Integer[] keys, String when) {
    long misses = 0;
    for (Integer key : keys) {
      Integer value = cache.get(key);
      if (value == null || !value.equals(key)) {
        misses++;
      }
    }
    if (misses > 0) {
      throw new IllegalStateException(when + ": " + misses + " of " + keys.length
          + " gets of the pre-populated trace missed or returned a wrong value");
    }
  }

  /**
   * With statistics on, throws unless the cache's own statistics counted at least {@code hits}
   * hits: statistics really are on, and the run paid for them.
   */
  public static void verifyStatistics(BenchCache cache, boolean statistics, long hits) {
    if (!statistics) {
      return;
    }
    long counted = cache.statisticsHits();
    if (counted < hits) {
      throw new IllegalStateException("statistics are on but counted " + counted
          + " hits, expected at least " + hits);
    }
  }

  /** The number of distinct keys in {@code keys}. */
  public static int distinct(Integer[] keys) {
    return (int) java.util.Arrays.stream(keys).distinct().count();
  }

  /**
   * YCSB's scrambled Zipfian: ranks drawn with Gray et al.'s Zipfian method, spread over the key
   * space by a 64-bit FNV-1a hash so the popular keys are not neighbours.
   */
  static final class ScrambledZipfian {
    private final int items;
    private final double theta;
    private final double alpha;
    private final double zetan;
    private final double eta;
    private final Random random;

    ScrambledZipfian(int items, double theta, Random random) {
      this.items = items;
      this.theta = theta;
      this.random = random;
      this.zetan = zeta(items, theta);
      double zeta2 = zeta(2, theta);
      this.alpha = 1.0 / (1.0 - theta);
      this.eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetan);
    }

    private static double zeta(int n, double theta) {
      double sum = 0;
      for (int i = 1; i <= n; i++) {
        sum += 1 / Math.pow(i, theta);
      }
      return sum;
    }

    /** Returns the next key, in [0, items). */
    int next() {
      double u = random.nextDouble();
      double uz = u * zetan;
      long rank;
      if (uz < 1.0) {
        rank = 0;
      } else if (uz < 1.0 + Math.pow(0.5, theta)) {
        rank = 1;
      } else {
        rank = (long) (items * Math.pow(eta * u - eta + 1, alpha));
      }
      return (int) Long.remainderUnsigned(fnv1a64(rank), items);
    }

    private static long fnv1a64(long value) {
      long hash = 0xCBF29CE484222325L;
      for (int i = 0; i < 8; i++) {
        hash ^= (value >>> (8 * i)) & 0xFF;
        hash *= 0x100000001B3L;
      }
      return hash;
    }
  }
}
