package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.internal.cluster.InvalidationPublisher;
import io.tenantcache.internal.copy.Copier;
import io.tenantcache.internal.event.EventDispatcher;
import io.tenantcache.internal.load.LoadCoordinator;
import io.tenantcache.internal.load.LoadPipeline;
import io.tenantcache.internal.management.MBeanRegistrar;
import io.tenantcache.internal.metrics.CacheStatistics;
import io.tenantcache.internal.metrics.StatisticsRegistry;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.ExpiryTimes;
import io.tenantcache.internal.store.Store;
import io.tenantcache.internal.store.TenantKey;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.CacheManager;
import org.jspecify.annotations.Nullable;

/**
 * What one cache's views share: the store, the configuration, and the collaborators (expiry,
 * events, statistics, loading, write-through, copying). {@link PartitionedCache} views over one
 * core differ only in how they pick the tenant.
 */
final class CacheCore<K, V> {
  final String name;
  final CacheManager manager;
  final Store<K, V> store;
  final ExpiryTimes expiry;
  final EventDispatcher<K, V> events;
  final StatisticsRegistry statistics;
  final WriteThrough<K, V> writer;
  final @Nullable LoadPipeline<K, V> loader;
  final @Nullable LoadCoordinator<K, V> loads;
  /** The {@code loadAll} tasks running in the background, which close waits for. */
  final BackgroundLoads backgroundLoads = new BackgroundLoads();
  final Copier copier;
  /** Publishes the cache's changes to the other replicas (publishes nothing if not clustered). */
  final InvalidationPublisher<K, V> publisher;
  final Class<K> keyType;
  final Class<V> valueType;
  final boolean readThrough;
  /** How long after a write or load a read refreshes the entry, in nanoseconds; 0: never. */
  final long refreshNanos;

  /** Calls timed before sampling starts, so that the first figures come at once. */
  static final int TIMED_FIRST = 256;

  /** One call in this many is timed (a power of two). */
  static final int TIMING_SAMPLE = 16;

  private int timedFirst = TIMED_FIRST;

  private volatile TenantCacheConfiguration<K, V> configuration;
  private volatile boolean closed;

  /** {@link #readPath()}: a hit is the store read alone (statistics off, store-by-reference). */
  static final int BARE_HITS = 0;
  /** {@link #readPath()}: a hit is the store read and its counting (statistics on, by reference). */
  static final int COUNTED_HITS = 1;
  /**
   * {@link #readPath()}: a get may publish events, re-time its entry or copy its value, or the
   * cache is closed.
   */
  static final int FULL_READS = 2;
  /**
   * {@link #readPath()}: as {@link #COUNTED_HITS} (or bare, statistics off), and a hit of an entry
   * whose refresh is due starts its background reload (refreshAfterWrite).
   */
  static final int REFRESHING_HITS = 3;

  /** See {@link #readPath()}: one field, so that a hit reads one field rather than five. */
  private volatile int readPath = FULL_READS;

  CacheCore(String name, CacheManager manager, TenantCacheConfiguration<K, V> configuration,
      Store<K, V> store, ExpiryTimes expiry, EventDispatcher<K, V> events,
      WriteThrough<K, V> writer, @Nullable LoadPipeline<K, V> loader,
      @Nullable LoadCoordinator<K, V> loads, Copier copier, StatisticsRegistry statistics,
      InvalidationPublisher<K, V> publisher) {
    this.name = requireNonNull(name);
    this.manager = requireNonNull(manager);
    this.configuration = requireNonNull(configuration);
    this.store = requireNonNull(store);
    this.expiry = requireNonNull(expiry);
    this.events = requireNonNull(events);
    this.writer = requireNonNull(writer);
    this.loader = loader;
    this.loads = loads;
    this.copier = requireNonNull(copier);
    this.statistics = requireNonNull(statistics);
    this.publisher = requireNonNull(publisher);
    this.keyType = configuration.getKeyType();
    this.valueType = configuration.getValueType();
    // A shared cache reads its second tier on a local miss, with or without a loader of its own.
    this.readThrough = (configuration.isReadThrough() || publisher.isShared()) && (loader != null);
    this.refreshNanos = (loads == null) ? 0L : configuration.getRefreshAfterWrite().toNanos();
    refreshReadPath();
  }

  TenantCacheConfiguration<K, V> configuration() {
    return configuration;
  }

  void configuration(TenantCacheConfiguration<K, V> configuration) {
    this.configuration = configuration;
  }

  boolean statisticsEnabled() {
    return statistics.isEnabled();
  }

  void statisticsEnabled(boolean enabled) {
    statistics.setEnabled(enabled);
    refreshReadPath();
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
    refreshReadPath();
  }

  /**
   * Returns what a get has to do besides the store read. Unless it is {@link #FULL_READS}, the
   * cache is open, stores by reference, no listener is registered and reading an entry does not
   * move its expiry; then refresh-ahead takes {@link #REFRESHING_HITS}, else statistics decide
   * between {@link #BARE_HITS} and {@link #COUNTED_HITS}.
   * (A copy per hit costs far more than the full path adds, so by-value caches take that.)
   */
  int readPath() {
    return readPath;
  }

  /**
   * Recomputes {@link #readPath()}; called by whatever changes one of its conditions, after the
   * change. Synchronized so that two changes on two threads cannot leave the older answer.
   */
  synchronized void refreshReadPath() {
    if (closed || events.isActive() || expiry.changesOnAccess() || copier != Copier.IDENTITY) {
      readPath = FULL_READS;
    } else if (refreshNanos != 0) {
      readPath = REFRESHING_HITS;
    } else {
      readPath = statistics.isEnabled() ? COUNTED_HITS : BARE_HITS;
    }
  }

  void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cache '" + name + "' is closed; obtain it again from its "
          + "CacheManager (getCache or createCache)");
    }
  }

  /**
   * Returns whether a put needs nothing but the store write: no writer, no listener, and an
   * expiry policy that never expires (so none of its methods need calling).
   */
  boolean plainWrites() {
    return !writer.isEnabled() && expiry.isEternal() && !events.isActive() && refreshNanos == 0;
  }

  /**
   * Returns {@code failure} as the caller gets it: as it is, or, if the cache closed during the
   * call (closing cancels the loads in flight), as the {@link IllegalStateException} of a closed
   * cache, with the failure as its cause.
   */
  RuntimeException unlessClosed(RuntimeException failure) {
    if (!closed) {
      return failure;
    }
    return new IllegalStateException("cache '" + name + "' is closed: it closed during this call, "
        + "which failed with it; obtain it again from its CacheManager", failure);
  }

  /** Returns {@code tenant}'s counters (which also count for the cache). */
  CacheStatistics statistics(String tenant) {
    return statistics.tenant(tenant);
  }

  /** Records a hit or a miss of {@code tenant}, when statistics are on. */
  void recordHitOrMiss(String tenant, boolean hit) {
    if (statistics.isEnabled()) {
      countHitOrMiss(statistics(tenant), hit);
    }
  }

  /**
   * Records a hit of {@code tenant} begun at {@code start}, for a caller that knows statistics are
   * on (they may have been turned off since: that hit is counted).
   */
  void recordHit(String tenant, long start) {
    CacheStatistics counters = statistics(tenant);
    counters.recordHits(1);
    counters.recordGetTime(elapsed(start));
  }

  /** Records a get of {@code tenant} begun at {@code start} (see {@link #startTimer()}). */
  void recordGet(String tenant, long start, boolean hit) {
    if (statistics.isEnabled()) {
      CacheStatistics counters = statistics(tenant);
      countHitOrMiss(counters, hit);
      counters.recordGetTime(elapsed(start));
    }
  }

  private static void countHitOrMiss(CacheStatistics counters, boolean hit) {
    if (hit) {
      counters.recordHits(1);
    } else {
      counters.recordMisses(1);
    }
  }

  /** Records a put of {@code tenant} begun at {@code start}. */
  void recordPut(String tenant, long start) {
    if (statistics.isEnabled()) {
      CacheStatistics counters = statistics(tenant);
      counters.recordPuts(1);
      counters.recordPutTime(elapsed(start));
    }
  }

  /** Records a removal of {@code tenant} begun at {@code start}. */
  void recordRemoval(String tenant, long start) {
    if (statistics.isEnabled()) {
      CacheStatistics counters = statistics(tenant);
      counters.recordRemovals(1);
      counters.recordRemoveTime(elapsed(start));
    }
  }

  /**
   * Returns the start time of a call to time, or 0 for a call not timed: none when statistics are
   * off; the first {@value #TIMED_FIRST} calls; then one call in {@value #TIMING_SAMPLE}, at random.
   * Counts stay exact; mean and total times come from the sample. Two clock reads per call would
   * cost more than everything else a hit does.
   */
  long startTimer() {
    if (!statistics.isEnabled()) {
      return 0L;
    }
    if (timedFirst > 0) {
      timedFirst--; // a racy countdown is fine: it only has to end
      return System.nanoTime();
    }
    return ((ThreadLocalRandom.current().nextInt() & (TIMING_SAMPLE - 1)) == 0)
        ? System.nanoTime() : 0L;
  }

  /** Returns the time since {@code start}, or -1 for a call not timed. */
  static long elapsed(long start) {
    return (start == 0L) ? -1L : System.nanoTime() - start;
  }

  /** Throws {@link ClassCastException} if the cache is typed and {@code key} is not of its key type. */
  void checkKey(K key) {
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("cache '" + name + "' holds keys of type " + keyType.getName()
          + ", not " + key.getClass().getName());
    }
  }

  /** Throws {@link ClassCastException} if the cache is typed and {@code value} is not of its value type. */
  void checkValue(V value) {
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("cache '" + name + "' holds values of type "
          + valueType.getName() + ", not " + value.getClass().getName());
    }
  }

  /** Returns when an entry written or loaded at {@code now} is due for a refresh, or never. */
  long refreshAt(long now) {
    return (refreshNanos == 0) ? Expirable.ETERNAL : now + refreshNanos;
  }

  /**
   * Returns the store key of {@code key} for lookups (no copy).
   *
   * @throws ClassCastException if the cache is typed and the key is not of its key type
   */
  TenantKey<K> lookupKey(String tenant, K key) {
    checkKey(key);
    return new TenantKey<>(tenant, key);
  }

  /**
   * Returns the store key of {@code key} for storing (a copy under store-by-value).
   *
   * @throws ClassCastException if the cache is typed and the key is not of its key type
   */
  TenantKey<K> storedKey(String tenant, K key) {
    checkKey(key);
    return new TenantKey<>(tenant, copier.copy(key));
  }

  /** Returns the store key for storing, given the key already made for the lookup. */
  TenantKey<K> storedKey(TenantKey<K> lookup) {
    return (copier == Copier.IDENTITY) ? lookup : storedKey(lookup.tenant(), lookup.key());
  }

  /** Returns the value to hand out for a stored entry. */
  V copyOut(Expirable<V> entry) {
    return copier.copy(entry.value());
  }

  /** Applies the access expiry to an entry of {@code tenant} just read through the store. */
  void touch(String tenant, K key, Expirable<V> entry) {
    if (expiry.changesOnAccess()) {
      touch(new TenantKey<>(tenant, key), entry);
    }
  }

  /** Applies the access expiry to an entry just read through the store's fast path. */
  void touch(TenantKey<K> key, Expirable<V> entry) {
    if (expiry.changesOnAccess()) {
      long expireAt = expiry.onAccess(entry, store.now());
      if (expireAt != -1) {
        store.expiryChanged(key, expireAt);
      }
    }
  }

  MBeanNames mbeanNames() {
    String uri = manager.getURI().toString();
    return new MBeanNames(
        MBeanRegistrar.objectName(MBeanRegistrar.Type.CONFIGURATION, uri, name),
        MBeanRegistrar.objectName(MBeanRegistrar.Type.STATISTICS, uri, name));
  }

  record MBeanNames(javax.management.ObjectName configuration,
      javax.management.ObjectName statistics) {}
}
