package io.tenantcache.load;

import static java.util.Objects.requireNonNull;

import io.tenantcache.Tenants;
import io.tenantcache.metrics.StatisticsRegistry;
import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * Calls the cache's {@link CacheLoader} with the entry's tenant bound, whatever thread runs the
 * load, and turns its failures into {@link CacheLoaderException} with the cause kept.
 */
public final class LoadPipeline<K, V> {
  private final String cacheName;
  private final CacheLoader<K, V> loader;
  private final StatisticsRegistry statistics;

  public LoadPipeline(String cacheName, CacheLoader<K, V> loader, StatisticsRegistry statistics) {
    this.cacheName = requireNonNull(cacheName);
    this.loader = requireNonNull(loader);
    this.statistics = requireNonNull(statistics);
  }

  public CacheLoader<K, V> loader() {
    return loader;
  }

  /** Loads one entry of {@code tenant}; null when the loader has no value for it. */
  public @Nullable V load(String tenant, K key) {
    long start = statistics.isEnabled() ? System.nanoTime() : 0L;
    boolean success = false;
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      V value = loader.load(key);
      success = true;
      return value;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw failure(tenant, e);
    } finally {
      record(tenant, success, start);
    }
  }

  /** Loads several entries of {@code tenant}; entries with null keys or values are to be ignored. */
  public Map<K, V> loadAll(String tenant, Iterable<? extends K> keys) {
    long start = statistics.isEnabled() ? System.nanoTime() : 0L;
    boolean success = false;
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      Map<K, V> loaded = loader.loadAll(keys);
      success = true;
      return (loaded == null) ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw failure(tenant, e);
    } finally {
      record(tenant, success, start);
    }
  }

  private void record(String tenant, boolean success, long start) {
    if (statistics.isEnabled()) {
      statistics.tenant(tenant).recordLoad(success, System.nanoTime() - start);
    }
  }

  private CacheLoaderException failure(String tenant, Exception cause) {
    return new CacheLoaderException("the CacheLoader of cache '" + cacheName + "' failed for tenant '"
        + tenant + "': " + cause, cause);
  }
}
