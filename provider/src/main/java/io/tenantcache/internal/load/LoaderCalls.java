package io.tenantcache.internal.load;

import io.tenantcache.Tenants;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The loader calls running on each thread, innermost first: a loader may load through another
 * cache, or call back into its own. A loader that asks its cache for a key it is loading itself
 * would wait for itself; {@link #isLoading} lets the cache see that and fail instead.
 */
final class LoaderCalls {
  private static final ThreadLocal<@Nullable Call> RUNNING = new ThreadLocal<>();

  /** A loader call in progress: {@code key} for a load, {@code keys} for a loadAll. */
  private record Call(Object pipeline, String tenant, @Nullable Object key,
      @Nullable Iterable<?> keys, @Nullable Call outer) {
    boolean covers(Object candidate) {
      if (key != null) {
        return key.equals(candidate);
      }
      if (keys != null) {
        for (Object loading : keys) {
          if (candidate.equals(loading)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private LoaderCalls() {}

  /** Runs {@code call}, a loader call of {@code pipeline}, with the tenant bound, marked running. */
  static <T> T run(Object pipeline, String tenant, @Nullable Object key,
      @Nullable Iterable<?> keys, Callable<T> call) throws Exception {
    Call outer = RUNNING.get();
    RUNNING.set(new Call(pipeline, tenant, key, keys, outer));
    try (Tenants.Scope ignored = Tenants.bind(tenant)) {
      return call.call();
    } finally {
      RUNNING.set(outer);
    }
  }

  /** Returns whether a loader call of {@code pipeline} on this thread is loading the key. */
  static boolean isLoading(Object pipeline, String tenant, Object key) {
    for (Call call = RUNNING.get(); call != null; call = call.outer()) {
      if (call.pipeline() == pipeline && call.tenant().equals(tenant) && call.covers(key)) {
        return true;
      }
    }
    return false;
  }
}
