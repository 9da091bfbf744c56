package io.tenantcache.benchmarks;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The shared workload: a cache at least three quarters full, read along a scrambled Zipfian key
 * trace (YCSB's distribution, skew 0.99) that every provider replays in the same order, and the
 * checks made around each run.
 *
 * <p>A cache of capacity {@code c} is populated with its key universe, every key {@code 0 ..
 * }{@link #universe universe(c)}{@code  - 1} (key = value), so it holds exactly {@code 3c/4}
 * entries; the trace draws {@value #TRACE_LENGTH} positions from that universe, so every get of
 * the trace is a hit and no put of a trace key evicts. The trace is long enough to draw most of the
 * hot set even of the largest cache measured (about {@code 2^20} keys). Each position holds its own
 * boxed {@code Integer}, distinct from the boxes the cache stores (as autoboxing would hand a
 * caller), so lookups compare keys with {@code equals}, not by identity.
 */
public final class Workload {
  /** Positions in a key trace (a power of two: indexes wrap with {@link #MASK}). */
  public static final int TRACE_LENGTH = 1 << 20;

  /** {@code index & MASK} is a position in a trace of {@link #TRACE_LENGTH} positions. */
  public static final int MASK = TRACE_LENGTH - 1;

  /** The capacity of every benchmark that has no {@code size} parameter. */
  public static final int CAPACITY = 1 << 16;

  /** The skew of YCSB's Zipfian distribution. */
  public static final double ZIPF_THETA = 0.99;

  private static final long SEED = 0x7E9A9C0FFEEL;

  private Workload() {}

  /**
   * Returns how many keys a cache of {@code capacity} is populated with: three quarters of it, the
   * least fill the benchmarks measure a loaded cache at.
   */
  public static int universe(int capacity) {
    return capacity - capacity / 4;
  }

  /**
   * Returns a key trace of {@value #TRACE_LENGTH} positions over the keys {@code 0 .. items - 1}:
   * the same for every provider and every run (fixed seed).
   */
  public static Integer[] zipfianTrace(int items) {
    return zipfianTrace(items, TRACE_LENGTH);
  }

  /**
   * Returns a key trace of {@code length} positions over the keys {@code 0 .. items - 1}. The trace
   * of a given {@code items} is a prefix of every longer one: the seed is fixed.
   */
  public static Integer[] zipfianTrace(int items, int length) {
    ScrambledZipfian zipf = new ScrambledZipfian(items, ZIPF_THETA, new Random(SEED));
    Integer[] keys = new Integer[length];
    for (int i = 0; i < length; i++) {
      // Integer.valueOf boxes anew for every key outside [-128, 127] (the default box cache)
      keys[i] = Integer.valueOf(zipf.next());
    }
    return keys;
  }

  /** Returns which trace positions are puts: a {@code putShare} of them, at random (fixed seed). */
  public static boolean[] putPositions(double putShare) {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    boolean[] puts = new boolean[TRACE_LENGTH];
    for (int i = 0; i < TRACE_LENGTH; i++) {
      puts[i] = random.nextDouble() < putShare;
    }
    return puts;
  }

  /** Puts every key {@code 0 .. universe - 1}, with the key as its value. */
  public static void populate(BenchCache cache, int universe) {
    for (int key = 0; key < universe; key++) {
      // a box of its own, not the trace's: a hit compares with equals, as it would for a caller
      Integer box = Integer.valueOf(key);
      cache.put(box, box);
    }
  }

  /**
   * Throws unless every key {@code 0 .. universe - 1} is held with itself as the value (the cache
   * took the whole universe: it is {@code universe} entries full). Returns the gets it made.
   */
  public static long verifyHoldsUniverse(BenchCache cache, int universe, String when) {
    long missing = 0;
    for (int key = 0; key < universe; key++) {
      Integer value = cache.get(key);
      if (value == null || value.intValue() != key) {
        missing++;
      }
    }
    if (missing > 0) {
      throw new IllegalStateException(when + ": " + missing + " of the " + universe
          + " keys put are not held (evicted before the cache was full?)");
    }
    return universe;
  }

  /**
   * Throws unless every key of the trace is a hit with the value it was stored with (the run
   * measured hits only, nothing was evicted). Returns the gets it made.
   */
  public static long verifyAllHits(BenchCache cache, Integer[] keys, String when) {
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
    return keys.length;
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
