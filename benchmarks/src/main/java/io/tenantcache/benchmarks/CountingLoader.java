package io.tenantcache.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import org.ehcache.spi.loaderwriter.CacheLoaderWriter;

/**
 * A loader that returns the key as the value and counts its calls, optionally after a delay (the
 * stampede's slow backend). One instance backs every provider's loader interface.
 *
 * <p>Calls are also counted per key range ({@code key >>> }{@value #RANGE_SHIFT}), so a benchmark
 * thread that owns a range can check its own loads without waiting for the other threads.
 */
public final class CountingLoader {
  /** Keys {@code r << RANGE_SHIFT} and up, below the next range, are range {@code r}. */
  public static final int RANGE_SHIFT = 27;

  private static final int RANGES = 1 << (32 - RANGE_SHIFT);

  private final LongAdder[] calls = new LongAdder[RANGES];
  private final long delayNanos;

  /** A loader that answers at once. */
  public CountingLoader() {
    this(0);
  }

  /** A loader that takes {@code delayMillis} per call (parks, so it burns no CPU). */
  public static CountingLoader slow(long delayMillis) {
    return new CountingLoader(TimeUnit.MILLISECONDS.toNanos(delayMillis));
  }

  private CountingLoader(long delayNanos) {
    this.delayNanos = delayNanos;
    for (int i = 0; i < RANGES; i++) {
      calls[i] = new LongAdder();
    }
  }

  /** Loads {@code key}: counts the call and returns the key itself. */
  public Integer load(Integer key) {
    calls[key >>> RANGE_SHIFT].increment();
    if (delayNanos > 0) {
      long deadline = System.nanoTime() + delayNanos;
      for (long left = delayNanos; left > 0; left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
    }
    return key;
  }

  /** Returns how many times {@link #load} ran. */
  public long calls() {
    long sum = 0;
    for (LongAdder range : calls) {
      sum += range.sum();
    }
    return sum;
  }

  /** Returns how many times {@link #load} ran for a key of {@code range}. */
  public long calls(int range) {
    return calls[range].sum();
  }

  /** As a JCache loader. */
  public CacheLoader<Integer, Integer> jcache() {
    return new JCacheLoader(this);
  }

  /** As a factory of the JCache loader, for a JCache configuration. */
  public Factory<CacheLoader<Integer, Integer>> jcacheFactory() {
    CacheLoader<Integer, Integer> loader = jcache();
    return () -> loader;
  }

  /** As a Caffeine loader. */
  public com.github.benmanes.caffeine.cache.CacheLoader<Integer, Integer> caffeine() {
    return this::load;
  }

  /** As an Ehcache loader-writer (writes are ignored: the benchmarks never write through). */
  public CacheLoaderWriter<Integer, Integer> ehcache() {
    return new EhcacheLoader(this);
  }

  private record JCacheLoader(CountingLoader loader) implements CacheLoader<Integer, Integer> {
    @Override
    public Integer load(Integer key) {
      return loader.load(key);
    }

    @Override
    public Map<Integer, Integer> loadAll(Iterable<? extends Integer> keys) {
      Map<Integer, Integer> loaded = new HashMap<>();
      for (Integer key : keys) {
        loaded.put(key, loader.load(key));
      }
      return loaded;
    }
  }

  private record EhcacheLoader(CountingLoader loader)
      implements CacheLoaderWriter<Integer, Integer> {
    @Override
    public Integer load(Integer key) {
      return loader.load(key);
    }

    @Override
    public void write(Integer key, Integer value) {}

    @Override
    public void delete(Integer key) {}
  }
}
