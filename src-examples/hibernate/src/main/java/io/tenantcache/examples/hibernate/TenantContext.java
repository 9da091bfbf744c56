package io.tenantcache.examples.hibernate;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant of the unit of work running on this thread (a web request, a job), as the
 * application sets it where it authenticates the work. Hibernate and TenantCache both read it,
 * through {@link TenantContextResolver}, so they always agree on the tenant.
 */
public final class TenantContext {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TenantContext() {}

  /** Runs {@code work} for {@code tenant}, restoring the previous tenant afterwards. */
  public static <T> T call(String tenant, Supplier<T> work) {
    String previous = CURRENT.get();
    CURRENT.set(tenant);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** Runs {@code work} for {@code tenant}, restoring the previous tenant afterwards. */
  public static void run(String tenant, Runnable work) {
    call(tenant, () -> {
      work.run();
      return null;
    });
  }

  /** Returns the tenant of the work on this thread, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }
}
