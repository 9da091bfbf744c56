package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheManager;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over a TenantCache JCache cache: every operation
 * acts for the current tenant (bound with {@code Tenants}, else the manager's resolver, else its
 * missing-tenant policy), so the same key under two tenants is two entries.
 *
 * <ul>
 *   <li>{@link #get(Object, Callable)} (what {@code @Cacheable(sync = true)} calls): concurrent
 *       misses of one tenant and key make one call of a value loader, through TenantCache's load
 *       path: no lock of the store is held while it runs, so other keys go on; a put or evict of
 *       the key during the call wins over its value.
 *   <li>{@link #retrieve(Object, Supplier)} (what {@code @Cacheable(sync = true)} calls for a
 *       method that returns a {@code CompletableFuture}, {@code Mono} or {@code Flux}): the same,
 *       without blocking the caller; {@link #retrieve(Object)} (their {@code @Cacheable} without
 *       {@code sync}) answers a hit at once and a miss with null, so that the method runs on the
 *       caller's thread. See {@link AsyncRetrievals}.
 *   <li>{@link #evict} removes the current tenant's entry; {@link #clear} (and {@code
 *       @CacheEvict(allEntries = true)}) removes the current tenant's entries only.
 *   <li>Null values are stored as Spring's {@code NullValue} when null values are allowed.
 * </ul>
 */
public final class TenantSpringCache extends AbstractValueAdaptingCache {
  /**
   * How many reads a synchronized get makes before it calls its value loader itself: a read can
   * join a load that a plain read started just before this call registered its value loader, and
   * that load has no value.
   */
  private static final int READS_BEFORE_DIRECT_CALL = 3;

  private final Cache<Object, Object> cache;
  private final TenantCacheManager manager;
  private final CallerValueLoaders valueLoaders;
  private final AsyncRetrievals retrievals;

  TenantSpringCache(Cache<Object, Object> cache, CallerValueLoaders valueLoaders,
      boolean allowNullValues) {
    super(allowNullValues);
    this.cache = requireNonNull(cache, "cache");
    this.manager = cache.getCacheManager().unwrap(TenantCacheManager.class);
    this.valueLoaders = requireNonNull(valueLoaders, "valueLoaders");
    this.retrievals = new AsyncRetrievals(this, cache, valueLoaders);
  }

  @Override
  public String getName() {
    return cache.getName();
  }

  /** Returns the JCache cache underneath ({@code unwrap(TenantCache.class)} for its admin view). */
  @Override
  public Cache<Object, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected @Nullable Object lookup(Object key) {
    return cache.get(key);
  }

  /**
   * Returns the current tenant's value of {@code key}, or calls {@code valueLoader} once for all
   * the callers that miss that tenant's key meanwhile, stores its value and returns it.
   *
   * @throws ValueRetrievalException with the value loader's exception as its cause
   * @throws IllegalStateException if no tenant is current and the manager rejects such calls
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    requireNonNull(key, "key");
    requireNonNull(valueLoader, "valueLoader");
    String tenant = manager.currentTenant();
    try (CallerValueLoaders.Registration ignored =
        valueLoaders.register(tenant, key, valueLoader)) {
      for (int read = 0; read < READS_BEFORE_DIRECT_CALL; read++) {
        Object stored = cache.get(key);
        if (stored != null) {
          return (T) fromStoreValue(stored);
        }
      }
    } catch (CacheLoaderException e) {
      Throwable cause = (e.getCause() != null) ? e.getCause() : e;
      throw new ValueRetrievalException(key, valueLoader, cause);
    }
    T value;
    try {
      value = valueLoader.call();
    } catch (Exception e) {
      throw new ValueRetrievalException(key, valueLoader, e);
    }
    put(key, value);
    return value;
  }

  /**
   * Returns null if the current tenant holds no entry for {@code key} (a miss known at once, so
   * that Spring calls the method on this thread), else a future of a {@code ValueWrapper} of its
   * value (the value may be null), or of null if the entry went away meanwhile. Never blocks. Such
   * a miss is not counted in the cache's statistics.
   *
   * @throws IllegalStateException if no tenant is current and the manager rejects such calls
   */
  @Override
  public @Nullable CompletableFuture<?> retrieve(Object key) {
    return retrievals.retrieve(key);
  }

  /**
   * Returns a future of the current tenant's value of {@code key}, without blocking: the cached
   * value, or the value of one call of a {@code valueLoader} for all the callers that miss that
   * tenant's key meanwhile (stored, a null as Spring's {@code NullValue}). The tenant is taken on
   * this thread; the value loader runs on a loader thread with it bound, and no lock of the store
   * is held while its future is pending. A put or evict of the key meanwhile wins, as for {@link
   * #get(Object, Callable)}. A future that fails is not stored: the returned one fails with its
   * exception.
   *
   * @throws IllegalStateException if no tenant is current and the manager rejects such calls
   */
  @Override
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    return retrievals.retrieve(key, valueLoader);
  }

  /** The value a caller gets for {@code storeValue} (null for Spring's {@code NullValue}). */
  @Nullable Object userValue(Object storeValue) {
    return fromStoreValue(storeValue);
  }

  /** The value stored for {@code userValue} (Spring's {@code NullValue} for null). */
  Object storeValue(@Nullable Object userValue) {
    return toStoreValue(userValue);
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    cache.put(key, toStoreValue(value));
  }

  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    Object storeValue = toStoreValue(value);
    if (cache.putIfAbsent(key, storeValue)) {
      return null;
    }
    return toValueWrapper(cache.get(key));
  }

  @Override
  public void evict(Object key) {
    cache.remove(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return cache.remove(key);
  }

  @Override
  public void clear() {
    cache.clear();
  }

  @Override
  public boolean invalidate() {
    boolean hadEntries = cache.iterator().hasNext();
    cache.clear();
    return hadEntries;
  }
}
