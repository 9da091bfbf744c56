package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.Tenants;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * The {@code retrieve} operations of a {@link TenantSpringCache}, over TenantCache's {@link
 * TenantCache#getAsync}: the calling thread never waits for a load.
 *
 * <p>A {@code retrieve(key, valueLoader)} that misses registers a value loader that calls {@code
 * valueLoader} and waits for its future, as {@code get(key, Callable)} registers its {@code
 * Callable}: the one load TenantCache runs for the tenant's key, however many callers miss it,
 * calls it on a loader thread with the tenant bound (and the caller's context-propagation
 * thread-locals, such as Spring Security's context, when that library is present), outside every
 * lock of the store. That thread waits while the future is pending, since a JCache {@code
 * CacheLoader} answers synchronously; when the loader pool has no thread free, the caller calls its
 * own value loader instead, without coalescing, and stores its value.
 *
 * <p>A future returned here that completes on another thread completes with the caller's tenant
 * bound, so that what Spring chains on it (a call of the method, the put of its value) acts for
 * that tenant.
 */
final class AsyncRetrievals {
  /** As {@code TenantSpringCache}'s: reads before a retrieval calls its value loader itself. */
  private static final int READS_BEFORE_DIRECT_CALL = 3;

  private final TenantSpringCache owner;
  private final Cache<Object, Object> cache;
  private final TenantCache<Object, Object> reads;
  private final TenantCacheManager manager;
  private final CallerValueLoaders valueLoaders;

  @SuppressWarnings("unchecked")
  AsyncRetrievals(TenantSpringCache owner, Cache<Object, Object> cache,
      CallerValueLoaders valueLoaders) {
    this.owner = owner;
    this.cache = cache;
    this.reads = cache.unwrap(TenantCache.class);
    this.manager = cache.getCacheManager().unwrap(TenantCacheManager.class);
    this.valueLoaders = valueLoaders;
  }

  /**
   * Returns null when the current tenant holds no entry for {@code key} (a miss known at once, so
   * that Spring calls the method on this thread), else a future of a {@code ValueWrapper} of its
   * value (the value may be null), or of null if the entry went away meanwhile.
   */
  @Nullable CompletableFuture<@Nullable Object> retrieve(Object key) {
    requireNonNull(key, "key");
    if (!cache.containsKey(key)) {
      return null;
    }
    CompletableFuture<@Nullable Object> stored = reads.getAsync(key);
    if (stored.isDone()) {
      return stored.handle((value, failure) -> wrapped(value, failure));
    }
    String tenant = manager.currentTenant();
    CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
    stored.whenComplete((value, failure) -> Tenants.run(tenant, () -> {
      try {
        result.complete(wrapped(value, failure));
      } catch (RuntimeException e) {
        result.completeExceptionally(unwrapCompletion(e));
      }
    }));
    return result;
  }

  private @Nullable Object wrapped(@Nullable Object stored, @Nullable Throwable failure) {
    if (failure != null) {
      Throwable cause = cause(failure);
      if (cause instanceof RejectedExecutionException) {
        return null;   // no loader thread free to reload an entry that just expired: a miss
      }
      throw new CompletionException(cause);
    }
    return (stored == null) ? null : new SimpleValueWrapper(owner.userValue(stored));
  }

  /**
   * Returns a future of the current tenant's value of {@code key}, loaded with {@code
   * valueLoader} once for all the callers that miss it meanwhile. The tenant is the one current
   * on this thread.
   */
  <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    requireNonNull(key, "key");
    requireNonNull(valueLoader, "valueLoader");
    if (cache.containsKey(key)) {
      CompletableFuture<@Nullable Object> hit = reads.getAsync(key);
      if (hit.isDone() && !hit.isCompletedExceptionally() && hit.join() != null) {
        return hit.thenApply(value -> Retrieval.<T>cast(owner.userValue(requireNonNull(value))));
      }
    }
    String tenant = manager.currentTenant();
    Callable<@Nullable Object> waitForValue =
        CallerContexts.carried(() -> awaitValue(valueLoader.get()));
    Retrieval<T> retrieval = new Retrieval<>(tenant, key, valueLoader,
        valueLoaders.register(tenant, key, waitForValue));
    read(retrieval, 0);
    return retrieval.result;
  }

  /**
   * Reads the key for {@code retrieval}: the first read on the caller's thread, for its current
   * tenant; the others on the thread that completed the read before, with the tenant bound.
   */
  private <T> void read(Retrieval<T> retrieval, int reads) {
    CompletableFuture<@Nullable Object> stored;
    try {
      stored = (reads == 0) ? this.reads.getAsync(retrieval.key)
          : Tenants.call(retrieval.tenant, () -> this.reads.getAsync(retrieval.key));
    } catch (Exception | Error e) {
      retrieval.registration.close();
      retrieval.fail(e);
      return;
    }
    stored.whenComplete((value, failure) -> {
      if (failure == null && value != null) {
        retrieval.registration.close();
        retrieval.complete(owner.userValue(value));
      } else if (failure == null && reads + 1 < READS_BEFORE_DIRECT_CALL) {
        // A load that started before this retrieval registered its value loader has no value.
        read(retrieval, reads + 1);
      } else if (failure == null || cause(failure) instanceof RejectedExecutionException) {
        retrieval.registration.close();
        callDirectly(retrieval);
      } else {
        retrieval.registration.close();
        retrieval.fail(cause(failure));
      }
    });
  }

  /** Calls the retrieval's own value loader and stores its value, as a last resort. */
  private <T> void callDirectly(Retrieval<T> retrieval) {
    CompletableFuture<T> future;
    try {
      future = Tenants.call(retrieval.tenant, () ->
          requireNonNull(retrieval.valueLoader.get(), "the value loader returned null"));
    } catch (Exception | Error e) {
      retrieval.fail(e);
      return;
    }
    future.whenComplete((value, failure) -> {
      if (failure != null) {
        retrieval.fail(unwrapCompletion(failure));
        return;
      }
      try {
        Tenants.run(retrieval.tenant, () -> cache.put(retrieval.key, owner.storeValue(value)));
      } catch (RuntimeException | Error e) {
        retrieval.fail(e);
        return;
      }
      retrieval.complete(value);
    });
  }

  /**
   * Waits for a value loader's future, on the loader thread: its value, or its failure as it is
   * (a checked one as the cause of the {@code CacheLoaderException} the cache wraps it in).
   */
  private static @Nullable Object awaitValue(@Nullable CompletableFuture<?> future)
      throws Exception {
    requireNonNull(future, "the value loader returned null instead of a CompletableFuture");
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = unwrapCompletion(e);
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** The failure a caller sees: the value loader's own, not the cache's wrappers around it. */
  private static Throwable cause(Throwable failure) {
    Throwable cause = unwrapCompletion(failure);
    if (cause instanceof CacheLoaderException && cause.getCause() != null) {
      cause = unwrapCompletion(cause.getCause());
    }
    return cause;
  }

  private static Throwable unwrapCompletion(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** One {@code retrieve(key, valueLoader)} call: its tenant, key, registration and result. */
  private static final class Retrieval<T> {
    final String tenant;
    final Object key;
    final Supplier<CompletableFuture<T>> valueLoader;
    final CallerValueLoaders.Registration registration;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Retrieval(String tenant, Object key, Supplier<CompletableFuture<T>> valueLoader,
        CallerValueLoaders.Registration registration) {
      this.tenant = tenant;
      this.key = key;
      this.valueLoader = valueLoader;
      this.registration = registration;
    }

    /** Completes the result with the tenant bound, for what the caller chained on it. */
    void complete(@Nullable Object value) {
      Tenants.run(tenant, () -> result.complete(cast(value)));
    }

    void fail(Throwable failure) {
      Tenants.run(tenant, () -> result.completeExceptionally(failure));
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(@Nullable Object value) {
      return (T) value;
    }
  }
}
