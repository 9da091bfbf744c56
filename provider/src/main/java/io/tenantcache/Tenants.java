package io.tenantcache;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Binds the current thread to a tenant. Every per-entry operation of a TenantCache cache acts on
 * the entries of the tenant bound here (or, when nothing is bound, on the cache manager's default
 * tenant).
 *
 * <pre>{@code
 * try (var scope = Tenants.bind("acme")) {
 *   cache.put(key, value);          // acme's entry
 * }
 * }</pre>
 *
 * <p>A binding belongs to the thread that made it; {@link Scope#close()} restores the binding that
 * was there before, so scopes nest. Work handed to another thread does not carry the tenant unless
 * it is bound there too (for example with {@link #run} or {@link #call}).
 *
 * <p>A tenant id is a non-blank string of at most {@value #MAX_ID_LENGTH} characters without
 * control characters.
 */
public final class Tenants {
  /** The longest tenant id accepted. */
  public static final int MAX_ID_LENGTH = 256;

  /** The tenant that unbound calls use unless the cache manager is configured otherwise. */
  public static final String DEFAULT_TENANT = "default";

  private static final ThreadLocal<@Nullable String> BOUND = new ThreadLocal<>();

  private Tenants() {}

  /**
   * Binds {@code tenant} to the current thread until the returned scope is closed.
   *
   * @throws IllegalArgumentException if the id is null, blank, too long or holds control characters
   */
  public static Scope bind(String tenant) {
    String id = validate(tenant);
    Scope scope = new Scope(BOUND.get(), Thread.currentThread());
    BOUND.set(id);
    return scope;
  }

  /** Runs {@code task} with {@code tenant} bound, restoring the previous binding afterwards. */
  public static void run(String tenant, Runnable task) {
    requireNonNull(task, "task");
    try (Scope ignored = bind(tenant)) {
      task.run();
    }
  }

  /** Calls {@code task} with {@code tenant} bound, restoring the previous binding afterwards. */
  public static <T> T call(String tenant, Callable<T> task) throws Exception {
    requireNonNull(task, "task");
    try (Scope ignored = bind(tenant)) {
      return task.call();
    }
  }

  /** Returns the tenant bound to the current thread, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(BOUND.get());
  }

  /** Returns the tenant bound to the current thread, or null; for the cache's hot path. */
  static @Nullable String boundOrNull() {
    return BOUND.get();
  }

  /**
   * Checks a tenant id and returns it.
   *
   * @throws IllegalArgumentException naming the problem when the id is not acceptable
   */
  public static String validate(@Nullable String tenant) {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant id is null; bind a non-blank tenant id");
    }
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("tenant id is blank; bind a non-blank tenant id");
    }
    if (tenant.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("tenant id is " + tenant.length()
          + " characters long; at most " + MAX_ID_LENGTH + " are allowed");
    }
    for (int i = 0; i < tenant.length(); i++) {
      if (Character.isISOControl(tenant.charAt(i))) {
        throw new IllegalArgumentException(
            "tenant id holds a control character at index " + i + "; use printable characters");
      }
    }
    return tenant;
  }

  /** A tenant binding; closing it restores the binding that was in place before. */
  public static final class Scope implements AutoCloseable {
    private final @Nullable String previous;
    private final Thread owner;
    private boolean closed;

    private Scope(@Nullable String previous, Thread owner) {
      this.previous = previous;
      this.owner = owner;
    }

    /**
     * Restores the previous binding. Closing twice does nothing.
     *
     * @throws IllegalStateException if called from a thread other than the one that bound it
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("a tenant scope must be closed by the thread that opened it ("
            + owner.getName() + "), not by " + Thread.currentThread().getName());
      }
      closed = true;
      if (previous == null) {
        BOUND.remove();
      } else {
        BOUND.set(previous);
      }
    }
  }
}
