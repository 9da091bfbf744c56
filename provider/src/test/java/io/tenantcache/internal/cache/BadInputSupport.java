package io.tenantcache.internal.cache;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.tenantcache.testing.LoadTestSupport;
import java.io.IOException;
import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Shared glue for the bad-input tests: the kinds of failure a callback can throw, a sneaky throw
 * for checked exceptions, bounded calls (a call that would deadlock fails the test instead of
 * hanging it) and snapshots of a cache's content to check that a failure changed nothing.
 */
final class BadInputSupport {
  /** The longest a bad-input call may take before the test calls it a hang. */
  static final long CALL_MILLIS = LoadTestSupport.WAIT.toMillis();

  private static final ExecutorService CALLER = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "bad-input-caller");
    thread.setDaemon(true);
    return thread;
  });

  private BadInputSupport() {}

  /** What a user callback (loader, writer, listener, filter, expiry policy, processor) throws. */
  enum Failure {
    RUNTIME_EXCEPTION {
      @Override
      Throwable create() {
        return new IllegalStateException("test: runtime failure");
      }
    },
    CHECKED_EXCEPTION {
      @Override
      Throwable create() {
        return new IOException("test: checked failure");
      }
    },
    ASSERTION_ERROR {
      @Override
      Throwable create() {
        return new AssertionError("test: assertion failure");
      }
    },
    STACK_OVERFLOW_ERROR {
      @Override
      Throwable create() {
        return new StackOverflowError("test");
      }
    },
    OUT_OF_MEMORY_ERROR {
      @Override
      Throwable create() {
        return new OutOfMemoryError("test");
      }
    };

    /** Returns a new instance of this failure. */
    abstract Throwable create();

    /** Returns whether this failure is an {@link Error} (which the cache lets through as it is). */
    boolean isError() {
      return create() instanceof Error;
    }

    /** Throws a new instance of this failure, checked or not, from code that declares nothing. */
    RuntimeException raise() {
      throw BadInputSupport.<RuntimeException>sneaky(create());
    }
  }

  /** Throws {@code failure} whatever its type, without declaring it. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneaky(Throwable failure) throws E {
    throw (E) failure;
  }

  /**
   * Runs {@code action} on another thread and returns what it threw, failing the test if it
   * returns normally or takes longer than {@link #CALL_MILLIS} (a deadlock or a hang).
   */
  static Throwable thrownWithin(Callable<?> action) {
    Future<?> future = CALLER.submit(action);
    try {
      Object value = future.get(CALL_MILLIS, MILLISECONDS);
      throw new AssertionError("expected a failure, but the call returned " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError("the call did not finish within " + CALL_MILLIS + " ms (a hang)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Runs {@code action} on another thread and returns its result within {@link #CALL_MILLIS}. */
  static <T> T resultWithin(Callable<T> action) {
    Future<T> future = CALLER.submit(action);
    try {
      return future.get(CALL_MILLIS, MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError("the call did not finish within " + CALL_MILLIS + " ms (a hang)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A value that Java serialization cannot copy. */
  static final class NotSerializable {
    final String name;

    NotSerializable(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return "NotSerializable[" + name + "]";
    }
  }

  /** A serializable value with a part that is not. */
  static final class HoldsNotSerializable implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object part = new Object();
  }
}
