package io.tenantcache.internal.store;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy.CacheEntry;
import com.github.benmanes.caffeine.cache.Policy.Eviction;
import com.github.benmanes.caffeine.cache.Policy.VarExpiration;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tenantcache.EntryWeigher;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.Tenants;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One cache's entries, all tenants together, in one Caffeine cache bounded by size or weight.
 *
 * <p>Maintenance: Caffeine's upkeep (draining its read and write buffers into the eviction policy,
 * evicting for size, dropping expired entries) runs on a background executor, never on a reader:
 * a reader only hands it off. Writes may still run it when Caffeine's write buffer is full (its
 * back-pressure), and {@link #size(String)}, {@link #tenants()} and {@link #settle()} run it to
 * answer exactly. So an eviction caused by a call may be reported (to the {@link EvictionSink}, and
 * so to statistics) after the call returns; whatever reads a tenant's size settles first.
 *
 * <p>Expiry: each {@link Expirable} carries its expiry time, and every read checks it, so an entry
 * is invisible from the moment it expires. The call that finds an expired entry removes it and
 * reports it to the sink on its own thread, before it returns (so synchronous listeners have seen
 * the expiry when the call returns). Caffeine's variable expiry is set {@link #EXPIRY_GRACE} later
 * (plus the stale-if-error staleness): it drops, in the background, the expired entries that no
 * call touches, and reports them to the sink on the maintenance thread.
 *
 * <p>Tenants: every change goes through {@link #compute} or {@link #remove}, which keep a per-tenant
 * entry count (see {@link TenantLedger} for the default tenant's). With a per-tenant quota, a
 * tenant that goes over it loses its own coldest entries (in Caffeine's eviction order), in batches
 * of a sixteenth of the quota so the search for them is amortized; the global bound still applies
 * on top.
 *
 * <p>Keys: the default tenant's entries with plain JDK keys are held under the key itself, all
 * others under their {@link TenantKey} (see {@link EntryKeys}).
 *
 * <p>Values: an entry that never expires and whose expiry no read can move is held as its value
 * itself, every other one as its {@link Expirable} (see {@link StoredValues}). The methods here
 * take and return {@code Expirable}s all the same.
 *
 * <p>Re-entrancy: user code that runs under an entry's lock (an entry processor, the writer, a
 * loader run by {@code invoke}) runs through {@link #callback}. If it changes this store again,
 * Caffeine would fail with a bare "Recursive update" (absent entry) or lose one of the two updates
 * (present entry), and a change of another key could deadlock against a thread doing the reverse;
 * so such a change fails at once with an {@link IllegalStateException} naming the cache. Outside
 * callbacks this costs one read of a counter.
 */
public final class Store<K, V> {
  /**
   * How long after an entry expires (and any stale-if-error staleness) Caffeine drops it by
   * itself: until then only a call that touches it removes it, on the caller's thread.
   */
  static final long EXPIRY_GRACE = TimeUnit.MINUTES.toNanos(1);

  private final String cacheName;
  private final EntryKeys<K> entryKeys;
  private final StoredValues values;
  private final Cache<Object, Object> cache;
  private final ConcurrentMap<Object, Object> map;
  private final @Nullable VarExpiration<Object, Object> varExpiration;
  private final @Nullable Eviction<Object, Object> eviction;
  private final Ticker ticker;
  private final TenantLedger ledger;
  private final EvictionSink<K, V> sink;
  private final long tenantQuota;
  private final long staleness;
  /** Whether an entry can expire: reads then check its expiry time. */
  private final boolean expiring;
  private volatile @Nullable Consumer<TenantKey<K>> writeHook;
  private final AtomicInteger callbacksRunning = new AtomicInteger();
  private final ThreadLocal<@Nullable Boolean> inCallback = new ThreadLocal<>();

  private Store(String cacheName, EntryKeys<K> entryKeys, StoredValues values,
      Cache<Object, Object> cache,
      Ticker ticker, TenantLedger ledger, EvictionSink<K, V> sink, long tenantQuota,
      long staleness) {
    this.cacheName = cacheName;
    this.entryKeys = entryKeys;
    this.values = values;
    this.staleness = staleness;
    this.expiring = !values.isEternal();
    this.cache = cache;
    this.map = cache.asMap();
    this.ticker = ticker;
    this.ledger = ledger;
    this.sink = sink;
    this.tenantQuota = tenantQuota;
    this.varExpiration = cache.policy().expireVariably().orElse(null);
    this.eviction = cache.policy().eviction().orElse(null);
  }

  /**
   * Creates the store of the cache {@code cacheName}, configured by {@code config}, whose calls
   * are mostly for {@code defaultTenant} (any id is correct; this one's entries are the cheapest).
   * Caffeine's maintenance runs on the configuration's maintenance executor, else on {@link
   * ForkJoinPool#commonPool()}.
   */
  public static <K, V> Store<K, V> create(String cacheName, String defaultTenant,
      TenantCacheConfiguration<K, V> config, ExpiryTimes expiry, EvictionSink<K, V> sink) {
    requireNonNull(cacheName, "cacheName");
    requireNonNull(defaultTenant, "defaultTenant");
    requireNonNull(sink, "sink");
    Executor configured = config.getMaintenanceExecutor();
    Executor maintenance = (configured == null) ? ForkJoinPool.commonPool() : configured;
    TenantLedger ledger = new TenantLedger(defaultTenant, config.getTenantQuota() >= 0);
    Ticker ticker = (config.getTicker() == null) ? Ticker.systemTicker() : config.getTicker();
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .executor(new MaintenanceExecutor(maintenance, sink))
        .ticker(ticker);
    long staleness = config.getResilience().maxStaleness().toNanos();
    StoredValues values = new StoredValues(expiry.isEternal());
    if (!expiry.isEternal()) {
      builder.expireAfter(new ExactExpiry(saturatedAdd(staleness, EXPIRY_GRACE)));
    }
    EntryWeigher<? super K, ? super V> weigher = config.getWeigher();
    if (config.getMaximumWeight() >= 0 && weigher != null) {
      builder.maximumWeight(config.getMaximumWeight())
          .weigher((Object slot, Object stored) ->
              weigher.weigh(EntryKeys.<K>callerKey(slot), values.<V>entry(stored).value()));
    } else {
      builder.maximumSize(config.getMaximumSize());
    }
    EntryKeys<K> entryKeys = new EntryKeys<>(defaultTenant);
    Cache<Object, Object> cache = builder
        .evictionListener((@Nullable Object slot, @Nullable Object stored, RemovalCause cause) -> {
          if ((slot != null) && (stored != null) && cause.wasEvicted()) {
            TenantKey<K> key = entryKeys.tenantKey(slot);
            ledger.removed(key.tenant());
            sink.evicted(key, values.<V>entry(stored).value(), cause == RemovalCause.EXPIRED);
          }
        })
        .build();
    return new Store<>(cacheName, entryKeys, values, cache, ticker, ledger, sink,
        config.getTenantQuota(), staleness);
  }

  /** Returns the ticker time now. */
  public long now() {
    return ticker.read();
  }

  /**
   * Sets what every write of a key (through {@link #compute}, {@link #remove} or {@link
   * #removeTenant}) calls, under the key's lock: the load coordinator's invalidation.
   */
  public void onWrite(Consumer<TenantKey<K>> hook) {
    this.writeHook = hook;
  }

  /** Returns the live entry as a read (it counts for eviction), or null. */
  public @Nullable Expirable<V> read(TenantKey<K> key) {
    Object slot = entryKeys.slot(key);
    return liveOrExpire(slot, cache.getIfPresent(slot));
  }

  /** Returns the live entry of {@code key} of {@code tenant} as a read, or null. */
  public @Nullable Expirable<V> read(String tenant, K key) {
    Object slot = entryKeys.slot(tenant, key);
    return liveOrExpire(slot, cache.getIfPresent(slot));
  }

  /**
   * Returns the value of the live entry of {@code key} of {@code tenant} as a read, or null; for
   * reads that need neither the entry's expiry nor to move it (it makes no holder for the value).
   */
  @SuppressWarnings("unchecked")
  public @Nullable V readValue(String tenant, K key) {
    Object slot = entryKeys.slot(tenant, key);
    Object stored = cache.getIfPresent(slot);
    if (stored == null) {
      return null;
    }
    Expirable<V> holder = values.holderOrNull(stored);
    if (holder == null) {
      return (V) stored;
    }
    Expirable<V> live = liveOrExpire(slot, stored);
    return (live == null) ? null : live.value();
  }

  /** Returns the live entry without touching its eviction or expiry state, or null. */
  public @Nullable Expirable<V> peek(TenantKey<K> key) {
    return liveStored(cache.policy().getIfPresentQuietly(entryKeys.slot(key)));
  }

  /**
   * Returns the value of an entry that has expired at most the configured staleness ago (kept for
   * stale-if-error), or null.
   */
  public @Nullable V stale(TenantKey<K> key) {
    Object stored = cache.policy().getIfPresentQuietly(entryKeys.slot(key));
    if (stored == null || staleness == 0) {
      return null;
    }
    Expirable<V> entry = values.entry(stored);
    long now = now();
    return (entry.isExpired(now) && now - entry.expireAt() <= staleness) ? entry.value() : null;
  }

  /** Returns the entry {@code stored} holds, or null if it has expired (or is null). */
  private @Nullable Expirable<V> liveStored(@Nullable Object stored) {
    return (stored == null) ? null : live(values.entry(stored));
  }

  /** As {@link #liveStored}, for an entry. */
  private @Nullable Expirable<V> live(@Nullable Expirable<V> entry) {
    return (entry != null && expiring && entry.isExpired(now())) ? null : entry;
  }

  /**
   * As {@link #liveStored}, for what a read found at {@code slot}; an entry found expired past
   * its staleness is removed by this call and reported to the sink on this thread.
   */
  private @Nullable Expirable<V> liveOrExpire(Object slot, @Nullable Object stored) {
    if (stored == null) {
      return null;
    }
    Expirable<V> entry = values.entry(stored);
    if (!expiring) {
      return entry;
    }
    long now = now();
    if (!entry.isExpired(now)) {
      return entry;
    }
    if (now - entry.expireAt() >= staleness) {
      expire(slot, stored);
    }
    return null;
  }

  /** Removes the expired entry {@code stored} at {@code slot}, unless it has changed since. */
  private void expire(Object slot, Object stored) {
    @Nullable Object[] removed = new Object[1];
    map.computeIfPresent(slot, (s, current) -> {
      if (current != stored) {
        return current;
      }
      removed[0] = current;
      return null;
    });
    if (removed[0] != null) {
      TenantKey<K> key = entryKeys.tenantKey(slot);
      ledger.removed(key.tenant());
      sink.evicted(key, values.<V>entry(stored).value(), true);
    }
  }

  /** Tells the store that {@code key}'s expiry moved to {@code expireAt} (from an access). */
  public void expiryChanged(TenantKey<K> key, long expireAt) {
    if (varExpiration != null) {
      long remaining = (expireAt == Expirable.ETERNAL) ? Long.MAX_VALUE
          : saturatedAdd(Math.max(0, expireAt - now()), saturatedAdd(staleness, EXPIRY_GRACE));
      varExpiration.setExpiresAfter(entryKeys.slot(key), remaining, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Atomically changes the entry of {@code key}: {@code remapping} gets the live entry (or null)
   * and returns the new one (or null to remove it). It runs under the key's lock: it must not touch
   * other keys of this store.
   */
  public @Nullable Expirable<V> compute(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping) {
    return compute(key, remapping, true);
  }

  /**
   * Stores a loaded value: if {@code key} has no live entry, atomically stores what {@code create}
   * returns for it (nothing for null). Unlike {@link #compute}, it does not count as a write that
   * supersedes loads in flight. {@code create} runs under the key's lock.
   */
  public void storeIfAbsent(TenantKey<K> key,
      Function<TenantKey<K>, @Nullable Expirable<V>> create) {
    if (expiring) {
      // An expired entry (or one kept for stale-if-error) is absent here, but present to Caffeine.
      compute(key, (k, present) -> (present != null) ? present : create.apply(k), false);
      return;
    }
    refuseReentry();
    @Nullable Expirable<V>[] created = newHolder();
    @Nullable Throwable[] failure = new Throwable[1];
    map.computeIfAbsent(entryKeys.slot(key), slot -> {
      try {
        created[0] = create.apply(key);
      } catch (RuntimeException | Error e) {
        // As in compute: Caffeine finishes the call (an expired entry it found is dropped and
        // reported once), then the failure goes to the caller.
        failure[0] = e;
        return null;
      }
      return (created[0] == null) ? null : values.stored(created[0]);
    });
    rethrow(failure[0]);
    if (created[0] != null) {
      added(key.tenant());
    }
  }

  private @Nullable Expirable<V> compute(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping,
      boolean write) {
    refuseReentry();
    boolean[] added = new boolean[1];
    @Nullable Throwable[] failure = new Throwable[1];
    @Nullable Expirable<V>[] result = newHolder();
    map.compute(entryKeys.slot(key), (slot, stored) -> {
      if (write) {
        notifyWrite(key);
      }
      Expirable<V> previous = (stored == null) ? null : values.entry(stored);
      Expirable<V> present = live(previous);
      if (previous != null && present == null) {
        // An expired entry (or one kept only for stale-if-error) goes whatever the change does,
        // and its expiry comes before the change's own event.
        sink.evicted(key, previous.value(), true);
      }
      Expirable<V> next;
      try {
        next = remapping.apply(key, present);
      } catch (RuntimeException | Error e) {
        // A live entry stays as it was; an expired one is dropped, as it was reported.
        failure[0] = e;
        if (stored != null && present == null) {
          ledger.removed(key.tenant());
          return null;
        }
        return stored;
      }
      if (stored == null && next != null) {
        added[0] = true;
      } else if (stored != null && next == null) {
        ledger.removed(key.tenant());
      }
      result[0] = next;
      return (next == null) ? null : (next == present) ? stored : values.stored(next);
    });
    rethrow(failure[0]);
    if (added[0]) {
      added(key.tenant());
    }
    return result[0];
  }

  private static void rethrow(@Nullable Throwable failure) {
    if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    }
  }

  /** Counts an entry added for {@code tenant}, and trims the tenant to its quota if it is over. */
  private void added(String tenant) {
    long size = ledger.added(tenant);
    if (tenantQuota >= 0 && size > tenantQuota) {
      trimToQuota(tenant);
    }
  }

  /**
   * Stores {@code value} for {@code key} as a write (no remapping function: for puts that call
   * nothing else) and returns the live entry it replaced, or null. A load in flight for the key
   * is superseded first, so its value is not stored over this one.
   */
  public @Nullable Expirable<V> put(TenantKey<K> key, Expirable<V> value) {
    refuseReentry();
    notifyWrite(key);
    Object stored = map.put(entryKeys.slot(key), values.stored(value));
    if (stored == null) {
      added(key.tenant());
      return null;
    }
    Expirable<V> replaced = values.entry(stored);
    if (live(replaced) == null) {
      sink.evicted(key, replaced.value(), true);
      return null;
    }
    return replaced;
  }

  /** Removes the entry of {@code key} without telling anyone; returns it, or null. */
  public @Nullable Expirable<V> remove(TenantKey<K> key) {
    refuseReentry();
    @Nullable Object[] removed = new Object[1];
    map.computeIfPresent(entryKeys.slot(key), (slot, stored) -> {
      notifyWrite(key);
      removed[0] = stored;
      return null;
    });
    if (removed[0] == null) {
      return null;
    }
    ledger.removed(key.tenant());
    Expirable<V> entry = values.entry(removed[0]);
    if (live(entry) == null) {
      sink.evicted(key, entry.value(), true);
      return null;
    }
    return entry;
  }

  /**
   * Runs {@code callback}, user code called under an entry's lock of this store: a change of this
   * store from inside it (on this thread) fails with {@link IllegalStateException}.
   */
  public <T extends @Nullable Object> T callback(Supplier<T> callback) {
    if (inCallback.get() != null) {
      return callback.get();
    }
    inCallback.set(Boolean.TRUE);
    callbacksRunning.incrementAndGet();
    try {
      return callback.get();
    } finally {
      callbacksRunning.decrementAndGet();
      inCallback.remove();
    }
  }

  /** As {@link #callback(Supplier)}, for a callback that returns nothing. */
  public void runCallback(Runnable callback) {
    callback(() -> {
      callback.run();
      return Boolean.TRUE;
    });
  }

  private void refuseReentry() {
    if (callbacksRunning.get() != 0 && inCallback.get() != null) {
      throw new IllegalStateException("an entry processor, CacheWriter or loader of cache '"
          + cacheName + "' called back into the cache to change an entry while the cache was "
          + "changing one for it (re-entrant update); such a callback must not change the cache "
          + "it runs for: an entry processor changes its own entry through MutableEntry only");
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> @Nullable Expirable<V>[] newHolder() {
    return (Expirable<V>[]) new Expirable<?>[1];
  }

  private void notifyWrite(TenantKey<K> key) {
    Consumer<TenantKey<K>> hook = writeHook;
    if (hook != null) {
      hook.accept(key);
    }
  }

  /** Removes all of {@code tenant}'s entries without telling anyone; returns how many. */
  public long removeTenant(String tenant) {
    long removed = 0;
    for (Object slot : map.keySet()) {
      if (entryKeys.tenantOf(slot).equals(tenant) && remove(entryKeys.tenantKey(slot)) != null) {
        removed++;
      }
    }
    return removed;
  }

  /** Returns a snapshot of {@code tenant}'s live keys (weakly consistent with concurrent changes). */
  public List<K> keys(String tenant) {
    return liveSlots().filter(slot -> entryKeys.tenantOf(slot).equals(tenant))
        .map(EntryKeys::<K>callerKey)
        .toList();
  }

  /** The keys of the live entries, weakly consistent with concurrent changes. */
  private Stream<Object> liveSlots() {
    return map.entrySet().stream()
        .filter(entry -> liveStored(entry.getValue()) != null)
        .map(Map.Entry::getKey);
  }

  /**
   * The live entries, for iteration only (weakly consistent): change them through {@link #compute}
   * or {@link #remove}. An expired entry met on the way is removed and reported to the sink.
   */
  public Iterable<Map.Entry<TenantKey<K>, Expirable<V>>> entries() {
    return () -> {
      // An iteration reads every entry anyway: it first runs the evictions due, so that it does
      // not return entries that a call which has returned has already pushed out.
      catchUp();
      return iterateLive();
    };
  }

  private java.util.Iterator<Map.Entry<TenantKey<K>, Expirable<V>>> iterateLive() {
    return map.entrySet().stream()
        .filter(entry -> liveOrExpire(entry.getKey(), entry.getValue()) != null)
        .map(entry -> Map.entry(entryKeys.tenantKey(entry.getKey()),
            values.<V>entry(entry.getValue())))
        .iterator();
  }

  /** Returns the tenants that hold at least one entry. */
  public List<String> tenants() {
    settle();
    if (staleness == 0) {
      return ledger.tenants(cache.estimatedSize());
    }
    return liveSlots().map(entryKeys::tenantOf).distinct().toList();
  }

  /**
   * Returns how many live entries {@code tenant} holds, exactly: it {@link #settle settles} first
   * (a scan of every entry when entries can expire; a second one when stale entries are kept).
   */
  public long size(String tenant) {
    settle();
    if (staleness == 0) {
      return ledger.size(tenant, cache.estimatedSize());
    }
    return liveSlots().filter(slot -> entryKeys.tenantOf(slot).equals(tenant)).count();
  }

  /**
   * Returns how many entries {@code tenant} holds, cheaply: evictions due are run first, but
   * entries that have expired and that no call has touched yet may still be counted (for at most
   * {@link #EXPIRY_GRACE} after they expire).
   */
  public long estimatedSize(String tenant) {
    catchUp();
    return ledger.size(tenant, cache.estimatedSize());
  }

  /**
   * Returns the number of entries held, over all tenants: an estimate, which may include expired
   * entries not yet dropped and lag evictions still to run (see {@link #settle()}).
   */
  public long size() {
    return cache.estimatedSize();
  }

  /** Evicts {@code tenant}'s coldest entries until it is a batch under its quota. */
  private void trimToQuota(String tenant) {
    TenantLedger.Account account = ledger.account(tenant);
    if (eviction == null || account == null || !account.trimming.compareAndSet(false, true)) {
      return;
    }
    try {
      // The tenant's recent reads may still wait in Caffeine's read buffers: drained first, they
      // keep the entries the tenant reads out of the coldest.
      catchUp();
      long excess = account.size.get() - tenantQuota;
      if (excess <= 0) {
        return;
      }
      long batch = excess + Math.max(1, tenantQuota / 16);
      List<CacheEntry<Object, Object>> victims = eviction.coldest(entries -> entries
          .filter(entry -> entryKeys.tenantOf(entry.getKey()).equals(tenant))
          .limit(batch)
          .toList());
      for (CacheEntry<Object, Object> victim : victims) {
        if (map.remove(victim.getKey(), victim.getValue())) {
          ledger.removed(tenant);
          sink.evicted(entryKeys.tenantKey(victim.getKey()),
              values.<V>entry(victim.getValue()).value(), false);
        }
      }
    } finally {
      account.trimming.set(false);
    }
  }

  /**
   * Runs the maintenance that is due now on this thread (evictions the background has not run
   * yet) and drops the entries that have expired past their staleness but that no call has
   * touched, so that counts are exact. What it drops is reported to the sink on this thread. A
   * scan of every entry when entries can expire; else Caffeine's own clean-up.
   */
  public void settle() {
    catchUp();
    if (expiring) {
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        liveOrExpire(entry.getKey(), entry.getValue());
      }
    }
  }

  /**
   * Runs the maintenance that is due now on this thread, if no other thread is running it: the
   * evictions and expiries Caffeine has found are then counted and reported to the sink.
   */
  public void catchUp() {
    cache.cleanUp();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return (sum < 0) ? Long.MAX_VALUE : sum;
  }

  /** Drops every entry of every tenant without telling anyone. */
  public void invalidateAll() {
    cache.invalidateAll();
    ledger.clear();
  }
}
