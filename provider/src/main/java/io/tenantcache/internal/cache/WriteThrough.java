package io.tenantcache.internal.cache;

import io.tenantcache.Tenants;
import io.tenantcache.internal.store.Store;
import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.jspecify.annotations.Nullable;

/**
 * Calls the cache's {@link CacheWriter} (when write-through is on) with the entry's tenant bound,
 * and turns its failures (also checked exceptions thrown sneakily) into {@link
 * CacheWriterException}; an {@link Error} passes through as it is. Single-entry calls run under
 * the entry's lock, as a {@link Store#callback} (a writer that changes the cache there fails), and
 * throw, so the operation that called them leaves the cache unchanged; bulk calls run outside any
 * lock and return the failure so the caller can store what was written and then throw.
 */
final class WriteThrough<K, V> {
  private final String cacheName;
  private final @Nullable CacheWriter<K, V> writer;
  private final Store<K, V> store;

  @SuppressWarnings("unchecked") // a writer of supertypes accepts our keys and values
  WriteThrough(String cacheName, @Nullable CacheWriter<? super K, ? super V> writer,
      Store<K, V> store) {
    this.cacheName = cacheName;
    this.writer = (CacheWriter<K, V>) writer;
    this.store = store;
  }

  boolean isEnabled() {
    return writer != null;
  }

  @Nullable CacheWriter<? super K, ? super V> writer() {
    return writer;
  }

  /** Writes one entry; called under the entry's lock. */
  void write(String tenant, K key, V value) {
    CacheWriter<K, V> target = writer;
    if (target != null) {
      store.runCallback(() -> {
        try (Tenants.Scope ignored = Tenants.bind(tenant)) {
          target.write(new SimpleEntry<>(key, value));
        } catch (Exception e) {
          throw failure(tenant, e);
        }
      });
    }
  }

  /** Deletes one entry; called under the entry's lock. */
  void delete(String tenant, K key) {
    CacheWriter<K, V> target = writer;
    if (target != null) {
      store.runCallback(() -> {
        try (Tenants.Scope ignored = Tenants.bind(tenant)) {
          target.delete(key);
        } catch (Exception e) {
          throw failure(tenant, e);
        }
      });
    }
  }

  /**
   * Writes {@code entries}; on return the collection holds the entries that were not written.
   * Returns the writer's failure, or null.
   */
  @Nullable CacheWriterException writeAll(String tenant,
      Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    CacheWriter<K, V> target = writer;
    if (target == null || entries.isEmpty()) {
      return null;
    }
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      target.writeAll(entries);
      return null;
    } catch (Exception e) {
      return failure(tenant, e);
    }
  }

  /**
   * Deletes {@code keys}; on return the collection holds the keys that were not deleted. Returns
   * the writer's failure, or null.
   */
  @Nullable CacheWriterException deleteAll(String tenant, Collection<?> keys) {
    CacheWriter<K, V> target = writer;
    if (target == null || keys.isEmpty()) {
      return null;
    }
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      target.deleteAll(keys);
      return null;
    } catch (Exception e) {
      return failure(tenant, e);
    }
  }

  private CacheWriterException failure(String tenant, Exception cause) {
    if (cause instanceof CacheWriterException) {
      return (CacheWriterException) cause;
    }
    return new CacheWriterException("the CacheWriter of cache '" + cacheName + "' failed for tenant '"
        + tenant + "': " + cause, cause);
  }
}
