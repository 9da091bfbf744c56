package io.tenantcache.internal.cache;

import static java.util.Objects.requireNonNull;

import io.tenantcache.Tenants;
import io.tenantcache.internal.store.TenantKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
 */
final class EntryProcessing<K, V> {
  private final CacheCore<K, V> core;
  private final PartitionedCache<K, V> cache;
  private final EntryChanges<K, V> changes;

  EntryProcessing(CacheCore<K, V> core, PartitionedCache<K, V> cache, EntryChanges<K, V> changes) {
    this.core = core;
    this.cache = cache;
    this.changes = changes;
  }

  <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    core.requireOpen();
    requireNonNull(key, "key");
    requireNonNull(processor, "entryProcessor");
    long start = core.startTimer();
    String tenant = cache.tenant();
    TenantKey<K> storedKey = core.storedKey(tenant, key);
    @Nullable Object[] result = new Object[1];
    ProcessorEntry.Outcome[] outcome = {ProcessorEntry.Outcome.NONE};
    boolean[] existed = new boolean[1];
    long[] touched = {-1};
    Function<K, @Nullable V> loader = core.readThrough
        ? k -> requireNonNull(core.loader).loadNow(tenant, k) : null;
    try {
      core.store.compute(storedKey, (k, present) -> {
        existed[0] = (present != null);
        ProcessorEntry<K, V> entry = new ProcessorEntry<>(key,
            (present == null) ? null : core.copyOut(present), loader);
        result[0] = core.store.callback(() -> process(processor, entry, arguments, tenant));
        outcome[0] = entry.outcome();
        switch (entry.outcome()) {
          case NONE:
            return present;
          case ACCESS:
            touched[0] = core.expiry.onAccess(requireNonNull(present), core.store.now());
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
      });
      if (touched[0] != -1) {
        core.store.expiryChanged(storedKey, touched[0]);
      }
    } catch (CacheException e) {
      throw core.unlessClosed(e);   // a load cancelled because the cache closed meanwhile
    } finally {
      core.events.dispatch();
    }
    recordStatistics(tenant, start, existed[0], outcome[0]);
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  /**
   * Runs the processor with the entry's tenant bound, as loaders, writers and listeners are. It
   * runs under the entry's lock, as a store callback: if it changes this cache, it fails.
   */
  private static <K, V, T> @Nullable T process(EntryProcessor<K, V, T> processor,
      ProcessorEntry<K, V> entry, Object[] arguments, String tenant) {
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      return processor.process(entry, arguments);
    } catch (CacheException e) {
      throw e;
    } catch (Exception e) {
      throw new EntryProcessorException("the entry processor failed: " + e, e);
    }
  }

  private void recordStatistics(String tenant, long start, boolean existed,
      ProcessorEntry.Outcome outcome) {
    core.recordGet(tenant, start, existed);
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
