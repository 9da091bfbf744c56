package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.Tenants;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.TenantKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * {@code invoke} and {@code invokeAll}: runs an entry processor atomically on one entry (inside
 * the store's compute for that key) and applies its net effect: write-through, expiry, events and
 * statistics as the matching plain operation would.
 *
 * <p>A processor that reads an absent entry of a read-through cache is stopped there, and the
 * entry is loaded outside the store's lock, coalesced with the gets and processors that miss the
 * same tenant+key. If this call's load is the one that runs, the processor runs again, from the
 * start, under the entry's lock as the loaded value is stored (so that nothing sees the loaded
 * value before the processor has run on it); if it joined another call's load, it runs again on
 * what that call stored. So a slow loader never holds the lock of the key's hash bin, and a
 * processor that reads through runs twice up to its {@code getValue()}.
 */
final class EntryProcessing<K, V> {
  /** How many loads one invoke runs before it uses a loaded value that did not get stored. */
  private static final int MAX_LOADS = 2;

  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> cache;
  private final EntryChanges<K, V> changes;
  private final LoadedEntries<K, V> loadTarget;

  EntryProcessing(CacheCore<K, V> core, PartitionedCache<K, V> cache, EntryChanges<K, V> changes,
      LoadedEntries<K, V> loadTarget) {
    this.core = core;
    this.cache = cache;
    this.changes = changes;
    this.loadTarget = loadTarget;
  }

  /** Stops a processor that reads an absent entry, so that the entry loads outside the lock. */
  private static final class LoadNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadNeeded() {
      super("an entry processor read an absent entry of a read-through cache", null, false,
          false);
    }
  }

  private static final LoadNeeded LOAD_NEEDED = new LoadNeeded();

  /** One invoke: its processor, and what the processor's runs have seen and done. */
  private final class Invocation<T> {
    final String tenant;
    final K key;
    final TenantKey<K> storedKey;
    final EntryProcessor<K, V, T> processor;
    final Object[] arguments;
    @Nullable T result;
    ProcessorEntry.Outcome outcome = ProcessorEntry.Outcome.NONE;
    boolean existed;
    long touched = -1;
    /** Whether the processor read an absent entry in its current run. */
    boolean loadRequested;
    /** Whether the current run stops when the processor reads an absent entry. */
    boolean stopOnLoad;
    /** Whether a load ran for this call; then the call counts as a miss. */
    boolean loaded;
    /** Whether the processor has run to its end (in this call's load, or in a run of its own). */
    boolean done;
    @Nullable Throwable failure;

    Invocation(String tenant, K key, EntryProcessor<K, V, T> processor, Object[] arguments) {
      this.tenant = tenant;
      this.key = key;
      this.storedKey = core.storedKey(tenant, key);
      this.processor = processor;
      this.arguments = arguments;
    }

    boolean wrote() {
      return outcome == ProcessorEntry.Outcome.CREATE || outcome == ProcessorEntry.Outcome.UPDATE
          || outcome == ProcessorEntry.Outcome.REMOVE;
    }

    /**
     * Runs the processor on the entry as it is. An absent entry reads through {@code loader}, or
     * (with {@code stopOnLoad}) stops the run with {@link LoadNeeded}.
     */
    void run(@Nullable Function<K, @Nullable V> loader, boolean stopOnLoad) {
      this.stopOnLoad = stopOnLoad;
      core.store.process(storedKey, (k, present) -> apply(this, present, loader), this::wrote);
      done = true;
    }

    /**
     * This call's load stores its value by running the processor on it, under the entry's lock:
     * on the loaded value if the entry is still absent, on the entry if a write has put one
     * there. If a removal has landed during the load, nothing runs or is stored (as for a get),
     * and the call loads again. If the processor fails, the loaded value is stored as a get
     * stores it (the gets that joined this load return it) and the failure goes to this call.
     */
    boolean storeLoaded(TenantKey<K> key, V value, BooleanSupplier current) {
      stopOnLoad = false;
      try {
        core.store.process(key, (k, present) -> {
          if (present == null && !current.getAsBoolean()) {
            outcome = ProcessorEntry.Outcome.NONE;
            return null;
          }
          Expirable<V> next = apply(this, present, k2 -> core.copier.copy(value));
          done = true;
          return next;
        }, this::wrote);
      } catch (RuntimeException | Error e) {
        failure = e;
        loadTarget.storePlainly(key, value, current);
        return true;   // the call fails with the processor's exception; no reload for it
      } finally {
        core.events.dispatch();
      }
      return done;
    }
  }

  <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(processor, "entryProcessor");
    long start = core.startTimer();
    Invocation<T> call = new Invocation<>(cache.tenant(), key, processor, arguments);
    try {
      try {
        call.run(core.readThrough ? EntryProcessing::loadNeeded : null, true);
      } catch (LoadNeeded e) {
        loadAndRun(call);
      }
      if (call.touched != -1) {
        core.store.expiryChanged(call.storedKey, call.touched);
      }
    } catch (CacheException e) {
      throw core.unlessClosed(e);   // a load cancelled because the cache closed meanwhile
    } finally {
      core.events.dispatch();
    }
    recordStatistics(call.tenant, start, call.existed && !call.loaded, call.existed, call.outcome);
    return call.result;
  }

  private static <K, V> @Nullable V loadNeeded(K key) {
    throw LOAD_NEEDED;
  }

  /**
   * Loads the entry outside the store's lock, coalesced with the gets that miss it. The
   * processor runs as this call's load stores its value; else (this call joined another load, a
   * removal landed during the load, or the load found nothing) on what the entry holds once the
   * load is over, loading again if it is absent and the load had found a value.
   */
  private <T> void loadAndRun(Invocation<T> call) {
    call.loaded = true;
    LoadedEntries<K, V> target = loadTarget.storingWith(call::storeLoaded);
    for (int loads = 1; ; loads++) {
      V loaded = requireNonNull(core.loads).load(call.storedKey, target);
      Throwable failure = call.failure;
      if (failure instanceof RuntimeException e) {
        throw e;
      } else if (failure instanceof Error e) {
        throw e;
      }
      if (call.done) {
        return;
      }
      boolean again = loaded != null && loads < MAX_LOADS;
      try {
        call.run(again ? EntryProcessing::loadNeeded
            : k -> (loaded == null) ? null : core.copier.copy(loaded), again);
        return;
      } catch (LoadNeeded e) {
        // absent again: load once more
      }
    }
  }

  /** One run of the processor under the entry's lock; returns what the entry holds after it. */
  private <T> @Nullable Expirable<V> apply(Invocation<T> call, @Nullable Expirable<V> present,
      @Nullable Function<K, @Nullable V> loader) {
    call.existed = (present != null);
    call.loadRequested = false;
    ProcessorEntry<K, V> entry = new ProcessorEntry<>(call.key,
        (present == null) ? null : core.copyOut(present), (loader == null) ? null : k -> {
          call.loadRequested = true;
          return loader.apply(k);
        });
    call.result = core.store.callback(
        () -> process(call.processor, entry, call.arguments, call.tenant));
    if (call.loadRequested && call.stopOnLoad) {
      throw LOAD_NEEDED;   // even if the processor caught it
    }
    call.outcome = entry.outcome();
    String tenant = call.tenant;
    K key = call.key;
    switch (entry.outcome()) {
      case NONE:
        return present;
      case ACCESS:
        call.touched = core.expiry.onAccess(requireNonNull(present), core.store.now());
        return present;
      case LOAD:
        V loaded = entry.newValue();
        core.checkValue(loaded);
        return changes.create(tenant, key, loaded, false);
      case CREATE:
        V created = entry.newValue();
        core.checkValue(created);
        return changes.create(tenant, key, created, true);
      case UPDATE:
        V updated = entry.newValue();
        core.checkValue(updated);
        return changes.update(tenant, key, requireNonNull(present), updated, true);
      case REMOVE:
        core.writer.delete(tenant, key);
        if (present != null) {
          changes.removed(tenant, key, present.value());
        }
        return null;
      default:
        throw new AssertionError(entry.outcome());
    }
  }

  /**
   * Runs the processor with the entry's tenant bound, as loaders, writers and listeners are. It
   * runs under the entry's lock, as a store callback: if it changes this cache, it fails.
   */
  private static <K, V, T> @Nullable T process(EntryProcessor<K, V, T> processor,
      ProcessorEntry<K, V> entry, Object[] arguments, String tenant) {
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      return processor.process(entry, arguments);
    } catch (CacheException | LoadNeeded e) {
      throw e;
    } catch (Exception e) {
      throw new EntryProcessorException("the entry processor failed: " + e, e);
    }
  }

  /**
   * Counts the invoke as a get (a hit if the entry existed and nothing was loaded for it) and,
   * by its net effect, as a put or the removal of an existing entry.
   */
  private void recordStatistics(String tenant, long start, boolean hit, boolean existed,
      ProcessorEntry.Outcome outcome) {
    core.recordGet(tenant, start, hit);
    if (outcome == ProcessorEntry.Outcome.CREATE || outcome == ProcessorEntry.Outcome.UPDATE) {
      core.recordPut(tenant, start);
    } else if (outcome == ProcessorEntry.Outcome.REMOVE && existed) {
      core.recordRemoval(tenant, start);
    }
  }


  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object... arguments) {
    core.requireOpen();
    requireNonNull(keys, "keys");
    requireNonNull(processor, "entryProcessor");
    for (K key : keys) {
      requireNonNull(key, "keys holds a null key");
      core.checkKey(key);
    }
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure = (e instanceof EntryProcessorException)
            ? (EntryProcessorException) e : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }
}
