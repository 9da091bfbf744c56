package io.tenantcache;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Carries the tenant bound with {@link Tenants} through Micrometer context propagation, so that
 * {@code ContextSnapshot}s, {@code ContextExecutorService}s, Reactor and Spring carry it to other
 * threads. It is found by {@code ContextRegistry.getInstance()} through {@code ServiceLoader};
 * context-propagation is an optional dependency of TenantCache, needed only to use this class.
 *
 * <p>Only an explicit binding is captured, never the cache manager's resolver or default tenant.
 */
public final class TenantThreadLocalAccessor implements ThreadLocalAccessor<String> {
  /** The key under which the tenant is captured. */
  public static final String KEY = "io.tenantcache.tenant";

  /** Creates the accessor; {@code ServiceLoader} calls this. */
  public TenantThreadLocalAccessor() {}

  @Override
  public Object key() {
    return KEY;
  }

  @Override
  public @Nullable String getValue() {
    return Tenants.currentOrNull();
  }

  /**
   * Binds {@code tenant} to the current thread.
   *
   * @throws IllegalArgumentException if the id is not acceptable to {@link Tenants#validate}
   */
  @Override
  public void setValue(String tenant) {
    Tenants.swap(Tenants.validate(tenant));
  }

  /** Leaves the current thread with no tenant bound. */
  @Override
  public void setValue() {
    Tenants.swap(null);
  }
}
