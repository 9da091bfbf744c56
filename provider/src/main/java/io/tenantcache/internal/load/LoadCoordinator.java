package io.tenantcache.internal.load;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.tenantcache.internal.store.StoreListener;
import io.tenantcache.internal.store.TenantKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces read-through loads: however many callers miss one tenant's key at once, one load
 * runs and all of them get its value or its failure. Loads in flight are futures in a Caffeine
 * cache of their own; a load runs outside any lock of the store, so a slow load blocks no other
 * key (not even one in the same hash bin) and writes of its own key go on: a put or remove that
 * lands while the load is in flight wins, and the loaded value is not stored. Its callers then get
 * what the write left, so that each get reads as if it came after the write: the value written,
 * or, after a removal, the value of a new load (up to {@link #MAX_RELOADS} times in a row; after
 * that, the last loaded value, not stored).
 *
 * <p>That cache is a plain (synchronous) Caffeine cache of futures, not an {@code AsyncCache}: this
 * class completes and removes every future itself, where an {@code AsyncCache} would also register
 * a completion callback on each one and re-insert it when it completes (measured in a cache under
 * half full: see docs/performance.md; to be measured again in a full cache).
 *
 * <p>With neither a time limit nor retries the first caller runs the loader on its own thread;
 * with either, an attempt runs on the configured executor or the manager's loader pool, so that it
 * can be abandoned at its time limit and retried from Resilience4j's scheduler. A loader that calls
 * back into the cache for a key it is loading (its own key, or one of its {@code loadAll} batch),
 * on whatever thread it runs, gets {@link IllegalStateException} instead of waiting for itself.
 */
public final class LoadCoordinator<K, V> implements StoreListener<K, V> {
  /** How many times in a row a miss loads again after a removal superseded its load. */
  static final int MAX_RELOADS = 3;

  private final String cacheName;
  private final LoadPipeline<K, V> pipeline;
  private final ConcurrentMap<TenantKey<K>, InflightLoad<V>> inflight;
  private final AtomicInteger active = new AtomicInteger();

  public LoadCoordinator(String cacheName, LoadPipeline<K, V> pipeline) {
    this.cacheName = requireNonNull(cacheName);
    this.pipeline = requireNonNull(pipeline);
    this.inflight = Caffeine.newBuilder().executor(Runnable::run)
        .<TenantKey<K>, InflightLoad<V>>build().asMap();
  }

  /**
   * The store is about to remove all of {@code tenant}'s entries (a tenant clear, here or for
   * another replica): its loads in flight are superseded, so none stores a value loaded before.
   */
  @Override
  public void removingTenant(String tenant) {
    supersedeTenant(tenant);
  }

  /**
   * Supersedes every load in flight of {@code tenant} (of every tenant for null): a change that
   * reached all of a tenant's keys must not be followed by a value loaded before it.
   */
  public void supersedeTenant(@Nullable String tenant) {
    if (active.get() > 0) {
      inflight.entrySet().removeIf(entry -> {
        if (tenant == null || entry.getKey().tenant().equals(tenant)) {
          entry.getValue().supersede();
          return true;
        }
        return false;
      });
    }
  }

  /**
   * A call's change of {@code key} (under the key's lock) supersedes the load in flight for it:
   * its value is not stored, even if the change turns out to change nothing.
   */
  @Override
  public void changing(TenantKey<K> key) {
    if (active.get() > 0) {
      InflightLoad<V> load = inflight.remove(key);
      if (load != null) {
        load.supersede();
      }
    }
  }

  /** Returns the value of a missed key: joins the load in flight for it, or runs one. */
  public @Nullable V load(TenantKey<K> key, LoadTarget<K, V> target) {
    String tenant = key.tenant();
    if (pipeline.isLoading(tenant, key.key())) {
      throw reentrantLoad(tenant);
    }
    InflightLoad<V> mine = new InflightLoad<>();
    CompletableFuture<V> ready = joinOrAnswer(key, mine, target);
    if (ready == null) {
      start(tenant, key, mine, target);
      ready = mine;
    }
    return pipeline.await(ready, tenant);
  }

  /**
   * Returns the value of a missed key without blocking this thread: joins the load in flight for
   * it, or starts one on the pipeline's executor. The future completes on the thread that
   * finishes the load, exceptionally with what a synchronous caller would get.
   */
  public CompletableFuture<@Nullable V> loadAsync(TenantKey<K> key, LoadTarget<K, V> target) {
    String tenant = key.tenant();
    if (pipeline.isLoading(tenant, key.key())) {
      return CompletableFuture.failedFuture(reentrantLoad(tenant));
    }
    InflightLoad<V> mine = new InflightLoad<>();
    CompletableFuture<V> ready = joinOrAnswer(key, mine, target);
    if (ready == null) {
      startElsewhere(tenant, key, mine, target);
      ready = mine;
    }
    return failuresMapped(ready, tenant);
  }

  /**
   * Puts {@code mine} in flight for {@code key} unless a load is there already, and returns what
   * the caller waits for instead of starting {@code mine}: the load in flight, or {@code mine}
   * completed with a value a load that just finished has stored (the caller missed the store
   * before it did, so no second load runs). Returns null when {@code mine} is in flight and the
   * caller must start it.
   */
  private @Nullable CompletableFuture<V> joinOrAnswer(TenantKey<K> key, InflightLoad<V> mine,
      LoadTarget<K, V> target) {
    // Counted before it is visible, so that a write never misses a load in flight.
    active.incrementAndGet();
    CompletableFuture<V> running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      active.decrementAndGet();
      return running;
    }
    V present = target.presentValue(key);
    if (present == null) {
      return null;
    }
    inflight.remove(key, mine);
    active.decrementAndGet();
    mine.complete(present);
    return mine;
  }

  /**
   * Loads {@code key} anew, whatever the cache holds and whatever load is in flight for it (that
   * one's value is then not stored), and stores the value over the present one; gets that miss
   * meanwhile join this load. Does not block this thread.
   */
  public CompletableFuture<@Nullable V> refresh(TenantKey<K> key, LoadTarget<K, V> target) {
    String tenant = key.tenant();
    InflightLoad<V> mine = new InflightLoad<>(InflightLoad.Kind.REFRESH);
    active.incrementAndGet();
    InflightLoad<V> older = inflight.put(key, mine);
    if (older != null) {
      older.supersede();   // it finishes for its callers, and counts itself down then
    }
    startElsewhere(tenant, key, mine, target);
    return failuresMapped(mine, tenant);
  }

  /**
   * Starts a refresh of {@code key} ahead of its expiry, in the background, unless a load of it is
   * in flight (one per tenant and key) or the executor has no room (a later read tries again). Its
   * value replaces the cached one unless a write lands first; a failure keeps the cached one.
   */
  public void refreshAhead(TenantKey<K> key, LoadTarget<K, V> target) {
    if (inflight.containsKey(key)) {
      return;
    }
    InflightLoad<V> mine = new InflightLoad<>(InflightLoad.Kind.REFRESH_AHEAD);
    active.incrementAndGet();
    if (inflight.putIfAbsent(key, mine) != null) {
      active.decrementAndGet();
      return;
    }
    String tenant = key.tenant();
    try {
      pipeline.asyncExecutor().execute(() -> start(tenant, key, mine, target));
    } catch (RejectedExecutionException e) {
      inflight.remove(key, mine);
      active.decrementAndGet();
      mine.completeExceptionally(e);   // a get that joined it meanwhile fails as for a load
    }
  }

  /** Starts a load on the pipeline's executor; a refused start fails the load. */
  private void startElsewhere(String tenant, TenantKey<K> key, InflightLoad<V> mine,
      LoadTarget<K, V> target) {
    try {
      pipeline.asyncExecutor().execute(() -> start(tenant, key, mine, target));
    } catch (RuntimeException e) {
      finish(tenant, key, mine, null, e, target);
    }
  }

  /** Returns a future of {@code load} that fails as a synchronous caller would. */
  private CompletableFuture<@Nullable V> failuresMapped(CompletableFuture<V> load, String tenant) {
    return load.handle((value, failure) -> {
      if (failure != null) {
        throw pipeline.failure(tenant, failure);
      }
      return value;
    });
  }

  private IllegalStateException reentrantLoad(String tenant) {
    return new IllegalStateException("the CacheLoader of cache '" + cacheName + "' called back "
        + "into the cache for a key it is loading (tenant '" + tenant + "'); a loader must not "
        + "read its own key through the cache");
  }

  private void start(String tenant, TenantKey<K> key, InflightLoad<V> mine,
      LoadTarget<K, V> target) {
    if (pipeline.isDirect()) {
      V value = null;
      Throwable failure = null;
      try {
        value = pipeline.loadDirect(tenant, key.key());
      } catch (Exception | Error e) {
        failure = e;
      }
      finish(tenant, key, mine, value, failure, target);
      return;
    }
    CompletionStage<V> stage;
    try {
      stage = pipeline.load(tenant, key.key());
    } catch (RuntimeException | Error e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenCompleteAsync((value, failure) -> finish(tenant, key, mine, value, failure, target),
        pipeline.completions());
  }

  /**
   * Returns the values of missed keys, loading those not in flight with one {@code loadAll} call
   * and joining the loads in flight for the others. Keys without a value are left out.
   */
  public Map<K, V> loadAll(String tenant, List<K> keys, LoadTarget<K, V> target) {
    Map<K, CompletableFuture<V>> waits = new LinkedHashMap<>();
    Map<K, TenantKey<K>> owned = new LinkedHashMap<>();
    Map<K, InflightLoad<V>> ownedFutures = new HashMap<>();
    for (K key : keys) {
      if (pipeline.isLoading(tenant, key)) {
        throw reentrantLoad(tenant);
      }
    }
    for (K key : keys) {
      TenantKey<K> storedKey = target.storedKey(tenant, key);
      InflightLoad<V> mine = new InflightLoad<>();
      active.incrementAndGet();
      CompletableFuture<V> running = inflight.putIfAbsent(storedKey, mine);
      if (running == null) {
        owned.put(key, storedKey);
        ownedFutures.put(key, mine);
        waits.put(key, mine);
      } else {
        active.decrementAndGet();
        waits.put(key, running);
      }
    }
    if (!owned.isEmpty()) {
      CompletionStage<Map<K, V>> stage;
      try {
        stage = pipeline.loadAll(tenant, new ArrayList<>(owned.keySet()));
      } catch (RuntimeException | Error e) {
        stage = CompletableFuture.failedFuture(e);
      }
      Executor completions = pipeline.isDirect() ? Runnable::run : pipeline.completions();
      stage.whenCompleteAsync((loaded, failure) -> owned.forEach((key, storedKey) -> finish(tenant,
          storedKey, requireNonNull(ownedFutures.get(key)),
          (failure == null) ? loaded.get(key) : null, failure, target)), completions);
    }
    Map<K, V> result = new HashMap<>(waits.size() * 2);
    for (Map.Entry<K, CompletableFuture<V>> wait : waits.entrySet()) {
      V value = pipeline.await(wait.getValue(), tenant);
      if (value != null) {
        result.put(wait.getKey(), value);
      }
    }
    return result;
  }

  private void finish(String tenant, TenantKey<K> key, InflightLoad<V> mine,
      @Nullable V value, @Nullable Throwable failure, LoadTarget<K, V> target) {
    @Nullable V result = value;
    @Nullable Throwable error = failure;
    boolean reload = false;
    try {
      if (failure == null) {
        if (value != null && mine.replaces()) {
          target.storeRefreshed(key, value, mine::isCurrent);
        } else if (value != null && !target.storeLoaded(key, value, mine::isCurrent)) {
          // A write won: the callers read what it left, or load again after a removal.
          V written = target.presentValue(key);
          result = (written == null) ? value : written;
          reload = (written == null) && !mine.isCurrent() && mine.reloads() < MAX_RELOADS;
        }
      } else if (mine.kind() == InflightLoad.Kind.MISS) {
        V stale = pipeline.resilience().isStaleIfError() ? target.staleValue(key) : null;
        if (stale != null) {
          target.staleServed(tenant);
          result = stale;
          error = null;
        } else {
          V fallback = fallback(tenant, key, failure, target);
          if (fallback != null) {
            if (pipeline.resilience().isFallbackStored()) {
              target.storeLoaded(key, fallback, mine::isCurrent);
            }
            target.fallbackServed(tenant);
            result = fallback;
            error = null;
          }
        }
      }
    } catch (RuntimeException | Error e) {
      error = e;
    } finally {
      inflight.remove(key, mine);
      active.decrementAndGet();
      if (mine.kind() == InflightLoad.Kind.REFRESH_AHEAD) {
        target.refreshed(tenant, error == null);
      }
    }
    if (reload && error == null) {
      reload(tenant, key, mine, target);
    } else if (error == null) {
      mine.complete(result);
    } else {
      mine.completeExceptionally(error);
    }
  }

  /**
   * Answers the callers of {@code superseded} (a miss whose value a removal made stale) with a
   * new load of the key, joined with any load that started since.
   */
  private void reload(String tenant, TenantKey<K> key, InflightLoad<V> superseded,
      LoadTarget<K, V> target) {
    InflightLoad<V> next = new InflightLoad<>(InflightLoad.Kind.MISS, superseded.reloads() + 1);
    CompletableFuture<V> ready = joinOrAnswer(key, next, target);
    if (ready == null) {
      start(tenant, key, next, target);
      ready = next;
    }
    ready.whenComplete((value, failure) -> {
      if (failure == null) {
        superseded.complete(value);
      } else {
        superseded.completeExceptionally(failure);
      }
    });
  }

  /**
   * Returns the fallback's value for the failed load of {@code key}, or null when there is no
   * fallback or it answers nothing; if it throws, or answers a value of the wrong type, that is
   * added to the load's failure as suppressed and null is returned.
   */
  private @Nullable V fallback(String tenant, TenantKey<K> key, Throwable failure,
      LoadTarget<K, V> target) {
    try {
      V value = pipeline.fallback(tenant, key.key(), failure);
      if (value != null) {
        target.checkValue(value);
      }
      return value;
    } catch (RuntimeException | Error e) {
      LoadPipeline.unwrap(failure).addSuppressed(e);
      return null;
    }
  }
}
