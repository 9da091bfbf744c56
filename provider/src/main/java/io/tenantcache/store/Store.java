package io.tenantcache.store;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
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
 * <p>Expiry: each {@link Expirable} carries its expiry time and Caffeine's variable expiry is set
 * to exactly that time, so Caffeine hides an entry from the moment it expires and reports it to the
 * {@link EvictionSink} when it drops it. Maintenance runs on the calling threads (no background
 * thread), which keeps events and statistics in step with the operations that caused them.
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
   */
  public static <K, V> Store<K, V> create(String cacheName, String defaultTenant,
      TenantCacheConfiguration<K, V> config, ExpiryTimes expiry, EvictionSink<K, V> sink) {
    requireNonNull(cacheName, "cacheName");
    requireNonNull(defaultTenant, "defaultTenant");
    requireNonNull(sink, "sink");
    TenantLedger ledger = new TenantLedger(defaultTenant, config.getTenantQuota() >= 0);
    Ticker ticker = (config.getTicker() == null) ? Ticker.systemTicker() : config.getTicker();
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder().executor(Runnable::run).ticker(ticker);
    long staleness = config.getResilience().maxStaleness().toNanos();
    StoredValues values = new StoredValues(expiry.isEternal());
    if (!expiry.isEternal()) {
      builder.expireAfter(new ExactExpiry(staleness));
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
    return liveStored(cache.getIfPresent(entryKeys.slot(key)));
  }

  /** Returns the live entry of {@code key} of {@code tenant} as a read, or null. */
  public @Nullable Expirable<V> read(String tenant, K key) {
    return liveStored(cache.getIfPresent(entryKeys.slot(tenant, key)));
  }

  /**
   * Returns the value of the live entry of {@code key} of {@code tenant} as a read, or null; for
   * reads that need neither the entry's expiry nor to move it (it makes no holder for the value).
   */
  @SuppressWarnings("unchecked")
  public @Nullable V readValue(String tenant, K key) {
    Object stored = cache.getIfPresent(entryKeys.slot(tenant, key));
    if (stored == null) {
      return null;
    }
    Expirable<V> holder = values.holderOrNull(stored);
    if (holder == null) {
      return (V) stored;
    }
    Expirable<V> live = live(holder);
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

  /** Hides an entry kept only for stale-if-error; Caffeine itself hides every other expired one. */
  private @Nullable Expirable<V> liveStored(@Nullable Object stored) {
    return (stored == null) ? null : live(values.entry(stored));
  }

  /** As {@link #liveStored}, for an entry. */
  private @Nullable Expirable<V> live(@Nullable Expirable<V> entry) {
    return (entry != null && staleness != 0 && entry.isExpired(now())) ? null : entry;
  }

  /** Tells the store that {@code key}'s expiry moved to {@code expireAt} (from an access). */
  public void expiryChanged(TenantKey<K> key, long expireAt) {
    if (varExpiration != null) {
      long remaining = (expireAt == Expirable.ETERNAL) ? Long.MAX_VALUE
          : Math.max(0, expireAt - now()) + staleness;
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
    if (staleness != 0) {
      // An entry kept for stale-if-error is absent here, but present to Caffeine.
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
      Expirable<V> next;
      try {
        next = remapping.apply(key, present);
      } catch (RuntimeException | Error e) {
        // The entry stays as it was. A null here may be an entry that Caffeine (3.2.x) has just
        // reported as expired: returning null drops it, where letting the exception through would
        // keep it, to be reported (and counted out of its tenant) a second time later.
        failure[0] = e;
        return stored;
      }
      if (previous != null && present == null && next != previous) {
        // a stale entry (kept for stale-if-error) is replaced or removed: it expired
        sink.evicted(key, previous.value(), true);
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
    if (removed[0] != null) {
      ledger.removed(key.tenant());
    }
    return liveStored(removed[0]);
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
   * or {@link #remove}.
   */
  public Iterable<Map.Entry<TenantKey<K>, Expirable<V>>> entries() {
    return () -> map.entrySet().stream()
        .map(entry -> Map.entry(entryKeys.tenantKey(entry.getKey()),
            values.<V>entry(entry.getValue())))
        .filter(entry -> live(entry.getValue()) != null)
        .iterator();
  }

  /** Returns the tenants that hold at least one entry. */
  public List<String> tenants() {
    dropExpired();
    if (staleness == 0) {
      return ledger.tenants(cache.estimatedSize());
    }
    return liveSlots().map(entryKeys::tenantOf).distinct().toList();
  }

  /** Returns how many live entries {@code tenant} holds (a scan when stale entries are kept). */
  public long size(String tenant) {
    dropExpired();
    if (staleness == 0) {
      return ledger.size(tenant, cache.estimatedSize());
    }
    return liveSlots().filter(slot -> entryKeys.tenantOf(slot).equals(tenant)).count();
  }

  /** Returns the number of entries held, over all tenants (may include expired ones not yet dropped). */
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
   * Drops entries that have expired but that nothing has touched since, so that counts are exact;
   * their expired events go to the calling thread's pending events.
   */
  private void dropExpired() {
    if (varExpiration != null) {
      cache.cleanUp();
    }
  }

  /** Drops every entry of every tenant without telling anyone. */
  public void invalidateAll() {
    cache.invalidateAll();
    ledger.clear();
  }
}
