package io.tenantcache;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Binds the current thread to a tenant. Every per-entry operation of a TenantCache cache acts on
 * the entries of the tenant bound here; when nothing is bound, on the tenant the cache manager's
 * {@link TenantResolver} answers, and when it answers none, as the manager's {@link
 * MissingTenantPolicy} says (the default tenant, or an {@link IllegalStateException} under
 * {@code reject}).
 *
 * <pre>{@code
 * try (var scope = Tenants.bind("acme")) {
 *   cache.put(key, value);          // acme's entry
 * }
 * }</pre>
 *
 * <p>A binding belongs to the thread that made it; {@link Scope#close()} restores the binding that
 * was there before, so scopes nest. Work handed to another thread does not carry the tenant unless
 * it is bound there too: with {@link #run} or {@link #call}, by wrapping the task or the executor
 * with one of the {@code wrap} methods, or through Micrometer context propagation ({@link
 * TenantThreadLocalAccessor}).
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

  /**
   * Whether any thread has ever bound a tenant. A thread can only bind for itself, and it sets this
   * before its binding, so a thread that reads false has no binding: the calls of a process that
   * never binds (one tenant, or a resolver) skip the thread-local lookup.
   */
  private static volatile boolean everBound;

  private Tenants() {}

  /**
   * Binds {@code tenant} to the current thread until the returned scope is closed.
   *
   * @throws IllegalArgumentException if the id is null, blank, too long or holds control characters
   */
  public static Scope bind(String tenant) {
    String id = validate(tenant);
    Scope scope = new Scope(BOUND.get(), Thread.currentThread());
    bound(id);
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

  /**
   * Returns a task that runs {@code task} with the tenant bound now (at this call) bound, or with
   * nothing bound if nothing is bound now, on whatever thread runs it. The running thread's own
   * binding is restored afterwards, also when the task throws. Only an explicit binding is carried,
   * never what the cache manager's resolver would answer.
   */
  public static Runnable wrap(Runnable task) {
    requireNonNull(task, "task");
    @Nullable String captured = BOUND.get();
    return () -> {
      @Nullable String previous = swap(captured);
      try {
        task.run();
      } finally {
        swap(previous);
      }
    };
  }

  /**
   * Returns a task that calls {@code task} with the tenant bound now (at this call) bound, or with
   * nothing bound if nothing is bound now, on whatever thread calls it. The calling thread's own
   * binding is restored afterwards, also when the task throws.
   */
  public static <T extends @Nullable Object> Callable<T> wrap(Callable<T> task) {
    requireNonNull(task, "task");
    @Nullable String captured = BOUND.get();
    return () -> {
      @Nullable String previous = swap(captured);
      try {
        return task.call();
      } finally {
        swap(previous);
      }
    };
  }

  /**
   * Returns an executor that hands each task to {@code executor} wrapped as by {@link
   * #wrap(Runnable)}: the tenant bound when {@code execute} is called is the one the task runs with.
   */
  public static Executor wrap(Executor executor) {
    requireNonNull(executor, "executor");
    return task -> executor.execute(wrap(task));
  }

  /**
   * Returns an executor service that hands every task to {@code executor} wrapped as by {@link
   * #wrap(Runnable)} or {@link #wrap(Callable)}: the tenant bound when a task is submitted ({@code
   * execute}, {@code submit}, {@code invokeAll}, {@code invokeAny}) is the one it runs with. Shutdown
   * and termination are those of {@code executor}.
   */
  public static ExecutorService wrap(ExecutorService executor) {
    return new TenantBoundExecutorService(requireNonNull(executor, "executor"));
  }

  /**
   * Returns the tenant bound to the current thread, or null: {@link #current()} without the
   * {@code Optional}, for callers on a hot path (the cache's own tenant resolution).
   */
  public static @Nullable String currentOrNull() {
    return everBound ? BOUND.get() : null;
  }

  private static void bound(@Nullable String tenant) {
    if (tenant != null && !everBound) {
      everBound = true;
    }
    BOUND.set(tenant);
  }

  /**
   * Binds {@code tenant} as it is (null unbinds) and returns the binding it replaced; for
   * propagation, where the value was validated when it was first bound.
   */
  static @Nullable String swap(@Nullable String tenant) {
    @Nullable String previous = BOUND.get();
    // set(null) rather than remove(): the thread's entry is reused by the next binding.
    bound(tenant);
    return previous;
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
      swap(previous);
    }
  }
}
