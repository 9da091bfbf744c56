package io.tenantcache.spring.boot;

import io.micrometer.context.ContextSnapshotFactory;
import io.tenantcache.TenantThreadLocalAccessor;
import java.util.concurrent.Callable;
import org.springframework.util.ClassUtils;

/**
 * Carries the caller's thread-locals to the thread that runs its value loader, through Micrometer
 * context-propagation when it is on the class path (Spring Security's context, observations, and
 * whatever else registers a {@code ThreadLocalAccessor}); without it, nothing is carried. The
 * tenant is left out: the loader thread has the entry's tenant bound already.
 */
final class CallerContexts {
  private static final boolean PROPAGATION_PRESENT = ClassUtils.isPresent(
      "io.micrometer.context.ContextSnapshotFactory", CallerContexts.class.getClassLoader());

  private CallerContexts() {}

  /**
   * Returns {@code task} wrapped to run with the thread-locals captured now, on this thread, and
   * to restore the running thread's own afterwards.
   */
  static <T> Callable<T> carried(Callable<T> task) {
    return PROPAGATION_PRESENT ? Snapshots.carried(task) : task;
  }

  /** Loaded only when context-propagation is present. */
  private static final class Snapshots {
    private static final ContextSnapshotFactory FACTORY = ContextSnapshotFactory.builder()
        .captureKeyPredicate(key -> !TenantThreadLocalAccessor.KEY.equals(key))
        .build();

    static <T> Callable<T> carried(Callable<T> task) {
      return FACTORY.captureAll().wrap(task);
    }
  }
}
