package io.tenantcache.internal.store;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy.VarExpiration;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.Tenants;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Store} on Caffeine: one cache's entries, all tenants together, in one Caffeine cache
 * bounded by size or weight.
 *
 * <p>Maintenance: Caffeine's upkeep (draining its read and write buffers into the eviction policy,
 * evicting for size, dropping expired entries) runs on a background executor, never on a reader:
 * a reader only hands it off. Writes may still run it when Caffeine's write buffer is full (its
 * back-pressure), and {@link #size(String)}, {@link #tenants()} and {@link #settle()} run it to
 * answer exactly. So an eviction caused by a call may be reported (to the {@link StoreListener}s,
 * and so to statistics) after the call returns; whatever reads a tenant's size settles first.
 *
 * <p>Expiry: each {@link Expirable} carries its expiry time, and every read checks it, so an entry
 * is invisible from the moment it expires. The call that finds an expired entry removes it and
 * reports it to the listeners on its own thread, before it returns (so synchronous listeners
 * have seen the expiry when the call returns). Caffeine's variable expiry is set {@link #EXPIRY_GRACE} later
 * (plus the stale-if-error staleness): it drops, in the background, the expired entries that no
 * call touches, and reports them to the listeners on the maintenance thread.
 *
 * <p>Tenants: every change keeps a per-tenant entry count ({@link TenantLedger}), and a tenant over
 * its quota loses its own coldest entries ({@link TenantQuota}).
 *
 * <p>Keys: the default tenant's entries with plain JDK keys are held under the key itself, all
 * others under their {@link TenantKey} (see {@link EntryKeys}).
 *
 * <p>Values: an entry that never expires and whose expiry no read can move is held as its value
 * itself, every other one as its {@link Expirable} (see {@link StoredValues}). The methods here
 * take and return {@code Expirable}s all the same.
 *
 * <p>Re-entrancy: user code that runs under an entry's lock runs through {@link #callback}, and a
 * change from inside it fails at once ({@link ReentryGuard}).
 */
final class CaffeineStore<K, V> implements Store<K, V> {
  /**
   * How long after an entry expires (and any stale-if-error staleness) Caffeine drops it by
   * itself: until then only a call that touches it removes it, on the caller's thread.
   */
  static final long EXPIRY_GRACE = TimeUnit.MINUTES.toNanos(1);

  private static final BooleanSupplier ALWAYS = () -> true;
  private static final BooleanSupplier NEVER = () -> false;

  private final EntryKeys<K> entryKeys;
  private final StoredValues values;
  private final Cache<Object, Object> cache;
  private final ConcurrentMap<Object, Object> map;
  private final @Nullable VarExpiration<Object, Object> varExpiration;
  private final TenantLedger ledger;
  private final StoreListener<K, V> listeners;
  private final long staleness;
  /** Whether an entry can expire: reads then check its expiry time. */
  private final boolean expiring;
  private final ExpiringEntries<K, V> expiries;
  private final StoreCensus<K, V> census;
  private final ReentryGuard guard;
  private final TenantQuota<K, V> quota;
  private final TenantFences<K> fences;
  /** Whether this store raises fences (it keeps the tenant index: a clustered cache's). */
  private final boolean fenced;
  /** Where the entries of a tenant another replica cleared are removed. */
  private final Executor background;

  private CaffeineStore(String cacheName, EntryKeys<K> entryKeys, StoredValues values,
      Cache<Object, Object> cache, TenantFences<K> fences, Executor background,
      Ticker ticker, TenantLedger ledger, StoreListener<K, V> listeners, long tenantQuota,
      long staleness, boolean expiring) {
    this.guard = new ReentryGuard(cacheName);
    this.entryKeys = entryKeys;
    this.values = values;
    this.staleness = staleness;
    this.expiring = expiring;
    this.cache = cache;
    this.map = cache.asMap();
    this.ledger = ledger;
    this.listeners = listeners;
    this.expiries =
        new ExpiringEntries<>(map, values, entryKeys, ledger, listeners, ticker, staleness,
            expiring);
    this.fences = fences;
    this.fenced = ledger.isIndexed();
    this.background = background;
    this.census = new StoreCensus<>(cache, values, entryKeys, ledger, expiries, fences);
    this.quota =
        new TenantQuota<>(tenantQuota, ledger, cache, entryKeys, values, listeners, fences);
    this.varExpiration = cache.policy().expireVariably().orElse(null);
  }

  /** See {@link Store#create}. */
  static <K, V> Store<K, V> create(String cacheName, String defaultTenant,
      TenantCacheConfiguration<K, V> config, ExpiryTimes expiry,
      List<? extends StoreListener<K, V>> listeners, boolean indexTenants) {
    requireNonNull(cacheName, "cacheName");
    requireNonNull(defaultTenant, "defaultTenant");
    StoreListener<K, V> sink = StoreListeners.of(requireNonNull(listeners, "listeners"));
    TenantLedger ledger =
        new TenantLedger(defaultTenant, config.getTenantQuota() >= 0, indexTenants);
    Ticker ticker = (config.getTicker() == null) ? Ticker.systemTicker() : config.getTicker();
    long staleness = config.getResilience().maxStaleness().toNanos();
    // An entry can expire unless the policy is eternal; refreshed entries carry their refresh
    // time, so they are never held bare, but they need no expiry checks or timer wheel.
    boolean expiring = !expiry.isEternal();
    StoredValues values = new StoredValues(!expiring && config.getRefreshAfterWrite().isZero());
    EntryKeys<K> entryKeys = new EntryKeys<>(defaultTenant);
    TenantFences<K> fences = new TenantFences<>(entryKeys, ledger);
    Executor configured = config.getMaintenanceExecutor();
    Executor background = (configured == null) ? ForkJoinPool.commonPool() : configured;
    Cache<Object, Object> cache = BackingCache.build(config, ticker,
        expiring ? saturatedAdd(staleness, EXPIRY_GRACE) : -1, entryKeys, values, ledger,
        fences, background, sink);
    return new CaffeineStore<>(cacheName, entryKeys, values, cache, fences, background, ticker,
        ledger, sink, config.getTenantQuota(), staleness, expiring);
  }

  @Override
  public long now() {
    return expiries.now();
  }

  @Override
  public @Nullable Expirable<V> read(TenantKey<K> key) {
    return readSlot(entryKeys.slot(key));
  }

  @Override
  public @Nullable Expirable<V> read(String tenant, K key) {
    return readSlot(entryKeys.slot(tenant, key));
  }

  private @Nullable Expirable<V> readSlot(Object slot) {
    Object stored = cache.getIfPresent(slot);
    return (stored == null || hidden(slot, stored)) ? null : expiries.liveOrExpire(slot, stored);
  }

  @SuppressWarnings("unchecked")
  @Override
  public @Nullable V readValue(String tenant, K key) {
    Object slot = entryKeys.slot(tenant, key);
    Object stored = cache.getIfPresent(slot);
    if (stored == null || hidden(slot, stored)) {
      return null;
    }
    Expirable<V> holder = values.holderOrNull(stored);
    if (holder == null) {
      return (V) stored;
    }
    Expirable<V> live = expiries.liveOrExpire(slot, stored);
    return (live == null) ? null : live.value();
  }

  @Override
  public @Nullable Expirable<V> peek(TenantKey<K> key) {
    Object slot = entryKeys.slot(key);
    Object stored = cache.policy().getIfPresentQuietly(slot);
    return (stored == null || hidden(slot, stored)) ? null : expiries.liveStored(stored);
  }

  @Override
  public @Nullable V stale(TenantKey<K> key) {
    Object slot = entryKeys.slot(key);
    Object stored = cache.policy().getIfPresentQuietly(slot);
    return (stored == null || hidden(slot, stored)) ? null : expiries.stale(stored);
  }

  /**
   * Whether a fence hides {@code stored}, found at {@code slot}: only a store with the tenant
   * index raises fences, so the read path of any other pays nothing for them.
   */
  private boolean hidden(Object slot, Object stored) {
    return fenced && fences.hides(slot, stored);
  }

  /** Marks {@code stored} as written at {@code slot} under a fence (see {@link TenantFences}). */
  private void mark(Object slot, Object stored) {
    if (fenced) {
      fences.written(slot, stored);
    }
  }

  @Override
  public void expiryChanged(TenantKey<K> key, long expireAt) {
    if (varExpiration != null) {
      long remaining = (expireAt == Expirable.ETERNAL) ? Long.MAX_VALUE
          : saturatedAdd(Math.max(0, expireAt - expiries.now()),
              saturatedAdd(staleness, EXPIRY_GRACE));
      varExpiration.setExpiresAfter(entryKeys.slot(key), remaining, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public @Nullable Expirable<V> compute(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping) {
    return compute(key, remapping, true, ALWAYS);
  }

  @Override
  public @Nullable Expirable<V> computeLoaded(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping) {
    return compute(key, remapping, false, NEVER);
  }

  @Override
  public @Nullable Expirable<V> process(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping,
      BooleanSupplier wrote) {
    return compute(key, remapping, false, wrote);
  }

  @Override
  public void storeIfAbsent(TenantKey<K> key,
      Function<TenantKey<K>, @Nullable Expirable<V>> create) {
    if (expiring || (fenced && fences.covers(key.tenant()))) {
      // An expired entry (or one kept for stale-if-error, or one hidden by a fence) is absent
      // here, but present to Caffeine.
      compute(key, (k, present) -> (present != null) ? present : create.apply(k), false, NEVER);
      return;
    }
    guard.refuseReentry();
    @Nullable Expirable<V>[] created = newHolder();
    @Nullable Throwable[] failure = new Throwable[1];
    Object slot = entryKeys.slot(key);
    map.computeIfAbsent(slot, absent -> {
      try {
        created[0] = create.apply(key);
      } catch (RuntimeException | Error e) {
        // As in compute: Caffeine finishes the call (an expired entry it found is dropped and
        // reported once), then the failure goes to the caller.
        failure[0] = e;
        return null;
      }
      if (created[0] == null) {
        return null;
      }
      Object stored = values.stored(created[0]);
      ledger.indexed(key.tenant(), absent); // before the fence is looked at: see TenantFences
      mark(absent, stored);
      return stored;
    });
    rethrow(failure[0]);
    if (created[0] != null) {
      quota.added(key.tenant());
    }
  }

  /**
   * The one compute: {@code changingFirst} tells the listeners of the change before
   * {@code remapping} runs (a write, which supersedes loads in flight even if it changes
   * nothing); else they hear of it afterwards, if {@code wrote} says the remapping wrote.
   */
  private @Nullable Expirable<V> compute(TenantKey<K> key,
      BiFunction<TenantKey<K>, @Nullable Expirable<V>, @Nullable Expirable<V>> remapping,
      boolean changingFirst, BooleanSupplier wrote) {
    guard.refuseReentry();
    boolean[] added = new boolean[1];
    @Nullable Throwable[] failure = new Throwable[1];
    @Nullable Expirable<V>[] result = newHolder();
    Object slot = entryKeys.slot(key);
    map.compute(slot, (held, stored) -> {
      if (changingFirst) {
        listeners.changing(key);
      }
      Expirable<V> previous = (stored == null) ? null : values.entry(stored);
      boolean hidden = stored != null && hidden(held, stored);
      Expirable<V> present = hidden ? null : expiries.live(previous);
      if (previous != null && present == null && !hidden) {
        // An expired entry (or one kept only for stale-if-error) goes whatever the change does,
        // and its expiry comes before the change's own event; a hidden one goes unreported.
        listeners.dropped(key, previous.value(), true);
      }
      Expirable<V> next;
      try {
        next = remapping.apply(key, present);
      } catch (RuntimeException | Error e) {
        // A live entry stays as it was; an expired one is dropped, as it was reported.
        failure[0] = e;
        if (stored != null && present == null) {
          ledger.removed(key.tenant(), slot);
          return null;
        }
        return stored;
      }
      if (stored == null && next != null) {
        added[0] = true;
      } else if (stored != null && next == null) {
        ledger.removed(key.tenant(), slot);
      }
      boolean write = changingFirst || wrote.getAsBoolean();
      if (write && !changingFirst) {
        listeners.changing(key);
      }
      if (write && next != present) {
        if (next != null) {
          listeners.written(key);
        } else {
          listeners.removed(key);
        }
      }
      result[0] = next;
      if (next == null) {
        return null;
      }
      if (next == present) {
        return stored;
      }
      Object replacing = values.stored(next);
      if (stored == null) {
        ledger.indexed(key.tenant(), held); // before the fence is looked at: see TenantFences
      }
      mark(held, replacing);
      return replacing;
    });
    rethrow(failure[0]);
    if (added[0]) {
      quota.added(key.tenant());
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

  @Override
  public @Nullable Expirable<V> put(TenantKey<K> key, Expirable<V> value) {
    guard.refuseReentry();
    listeners.changing(key);
    listeners.putting(key);
    Object slot = entryKeys.slot(key);
    Object next = values.stored(value);
    // Marked before it is stored, and again once its slot is in the index (see TenantFences).
    mark(slot, next);
    Object stored = map.put(slot, next);
    listeners.stored(key);
    if (stored == null) {
      ledger.indexed(key.tenant(), slot);
      mark(slot, next);
      quota.added(key.tenant());
      return null;
    }
    mark(slot, next);
    if (hidden(slot, stored)) {
      return null; // it replaced an entry another replica cleared: there was none
    }
    Expirable<V> replaced = values.entry(stored);
    if (expiries.live(replaced) == null) {
      listeners.dropped(key, replaced.value(), true);
      return null;
    }
    return replaced;
  }

  @Override
  public @Nullable Expirable<V> remove(TenantKey<K> key) {
    guard.refuseReentry();
    @Nullable Object[] removed = new Object[1];
    Object slot = entryKeys.slot(key);
    boolean[] hidden = new boolean[1];
    map.computeIfPresent(slot, (held, stored) -> {
      listeners.changing(key);
      hidden[0] = hidden(held, stored);
      if (!hidden[0]) {
        listeners.removed(key);
      }
      removed[0] = stored;
      return null;
    });
    if (removed[0] == null) {
      return null;
    }
    ledger.removed(key.tenant(), slot);
    Expirable<V> entry = values.entry(removed[0]);
    if (hidden[0]) {
      return null;
    }
    if (expiries.live(entry) == null) {
      listeners.dropped(key, entry.value(), true);
      return null;
    }
    return entry;
  }

  @Override
  public <T extends @Nullable Object> T callback(Supplier<T> callback) {
    return guard.callback(callback);
  }

  @SuppressWarnings("unchecked")
  private static <V> @Nullable Expirable<V>[] newHolder() {
    return (Expirable<V>[]) new Expirable<?>[1];
  }

  @Override
  public long removeTenant(String tenant) {
    listeners.removingTenant(tenant);
    long removed = 0;
    // With the index, the tenant's own entries only, not a scan of every tenant's.
    for (Object slot : ledger.slotsOf(tenant, map.keySet(), entryKeys)) {
      if (remove(entryKeys.tenantKey(slot)) != null) {
        removed++;
      }
    }
    listeners.tenantRemoved(tenant);
    return removed;
  }

  @Override
  public void dropTenant(String tenant) {
    if (!fenced) {
      removeTenant(tenant); // no index to remove them by later: at once, on this thread
      return;
    }
    listeners.removingTenant(tenant);
    TenantFences.Fence fence = fences.raise(tenant);
    try {
      background.execute(() -> fences.removeHidden(map, tenant, fence));
    } catch (RejectedExecutionException e) {
      fences.removeHidden(map, tenant, fence); // no background to run it (shut down): here
    }
  }

  @Override
  public List<K> keys(String tenant) {
    return census.keys(tenant);
  }

  @Override
  public Iterable<Map.Entry<TenantKey<K>, Expirable<V>>> entries() {
    return census.entries();
  }

  @Override
  public List<String> tenants() {
    return census.tenants();
  }

  @Override
  public long size(String tenant) {
    return census.size(tenant);
  }

  @Override
  public long estimatedSize(String tenant) {
    return census.estimatedSize(tenant);
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }

  @Override
  public void settle() {
    census.settle();
  }

  @Override
  public void catchUp() {
    census.catchUp();
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return (sum < 0) ? Long.MAX_VALUE : sum;
  }

  /** The ledger, for the store's own tests (the index of an indexed store). */
  TenantLedger ledgerForTests() {
    return ledger;
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
    ledger.clear();
    fences.lowerAll();
  }
}
