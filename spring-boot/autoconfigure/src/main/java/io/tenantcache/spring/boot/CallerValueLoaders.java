package io.tenantcache.spring.boot;

import io.tenantcache.Tenants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.NullValue;

/**
 * The read-through loader of a {@link TenantSpringCache}'s JCache cache: it loads a key with the
 * value loader ({@code Callable}) of a caller of {@code get(key, valueLoader)} waiting for that
 * tenant and key. TenantCache runs it through its load path, so concurrent misses of one tenant
 * and key make one call, outside every lock of the store, with the entry's tenant bound.
 *
 * <p>A caller registers its value loader for (tenant, key) before it reads and removes it after.
 * A load prefers the value loader the loading thread registered itself (the method is then called
 * on its own caller's thread); otherwise it takes the oldest one registered (a plain read that
 * missed while a synchronized call waits, or a load moved to a loader thread by a time limit or
 * retries). With none registered (a plain read's miss) it answers null: nothing is stored.
 * A value loader's null is stored as Spring's {@link NullValue}.
 */
final class CallerValueLoaders implements CacheLoader<Object, Object> {
  private final Map<CallerKey, List<Registration>> waiting = new ConcurrentHashMap<>();

  /**
   * Registers {@code valueLoader} for {@code key} of {@code tenant} until the returned
   * registration is closed, on the thread that closes it.
   */
  Registration register(String tenant, Object key, Callable<?> valueLoader) {
    CallerKey callerKey = new CallerKey(tenant, key);
    Registration registration = new Registration(callerKey, valueLoader, Thread.currentThread());
    waiting.compute(callerKey, (k, registered) -> {
      List<Registration> next =
          (registered == null) ? new ArrayList<>(1) : new ArrayList<>(registered);
      next.add(registration);
      return List.copyOf(next);
    });
    return registration;
  }

  @Override
  public @Nullable Object load(Object key) {
    String tenant = Tenants.current().orElse(null);
    if (tenant == null) {
      return null;
    }
    List<Registration> registered = waiting.get(new CallerKey(tenant, key));
    if (registered == null || registered.isEmpty()) {
      return null;
    }
    Registration chosen = registered.get(0);
    for (Registration registration : registered) {
      if (registration.thread == Thread.currentThread()) {
        chosen = registration;
        break;
      }
    }
    Object value;
    try {
      value = chosen.valueLoader.call();
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
    return (value == null) ? NullValue.INSTANCE : value;
  }

  @Override
  public Map<Object, Object> loadAll(Iterable<?> keys) {
    Map<Object, Object> loaded = new HashMap<>();
    for (Object key : keys) {
      Object value = load(key);
      if (value != null) {
        loaded.put(key, value);
      }
    }
    return loaded;
  }

  /** A tenant's key; the key's own {@code equals} and {@code hashCode}. */
  private record CallerKey(String tenant, Object key) {}

  /** A caller's value loader, registered until closed. */
  final class Registration implements AutoCloseable {
    private final CallerKey callerKey;
    private final Callable<?> valueLoader;
    private final Thread thread;

    private Registration(CallerKey callerKey, Callable<?> valueLoader, Thread thread) {
      this.callerKey = callerKey;
      this.valueLoader = valueLoader;
      this.thread = thread;
    }

    /** Removes this value loader; loads that start afterwards no longer call it. */
    @Override
    public void close() {
      waiting.computeIfPresent(callerKey, (k, registered) -> {
        List<Registration> next = new ArrayList<>(registered);
        next.removeIf(registration -> registration == this);
        return next.isEmpty() ? null : List.copyOf(next);
      });
    }
  }
}
