package io.tenantcache.testing;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.awaitility.Awaitility;

/**
 * Shared glue for the load-path tests: bounded waits (nothing here blocks longer than {@link
 * #WAIT}), a scripted loader that records every call, and a settable clock.
 */
public final class LoadTestSupport {
  /** The longest any test waits for anything. */
  public static final Duration WAIT = Duration.ofSeconds(5);

  private LoadTestSupport() {}

  /** Waits for {@code latch} at most {@link #WAIT}, failing the test if it does not open. */
  public static void await(CountDownLatch latch, String what) {
    try {
      assertThat(latch.await(WAIT.toMillis(), MILLISECONDS)).as("waited for " + what).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }

  /** Waits at most {@link #WAIT} (Awaitility, polling) until {@code condition} holds. */
  public static void awaitCondition(String what, BooleanSupplier condition) {
    Awaitility.await(what).atMost(WAIT).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1)).until(condition::getAsBoolean);
  }

  /** Waits until every one of {@code threads} is parked (waiting on a latch or a future). */
  public static void awaitParked(Collection<Thread> threads, String what) {
    awaitCondition(what, () -> threads.stream().allMatch(thread ->
        thread.getState() == Thread.State.WAITING
            || thread.getState() == Thread.State.TIMED_WAITING));
  }

  /** Returns the outcome of {@code future}, waiting at most {@link #WAIT}; fails on a failure. */
  public static <T> T result(Future<T> future) {
    try {
      return future.get(WAIT.toMillis(), MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the task failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the task did not finish within " + WAIT, e);
    }
  }

  /** Returns what {@code future} failed with, waiting at most {@link #WAIT}; fails on success. */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = future.get(WAIT.toMillis(), MILLISECONDS);
      throw new AssertionError("expected a failure, but the task returned " + value);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the task did not finish within " + WAIT, e);
    }
  }

  /** Runs {@code action} and returns what it threw; fails if it throws nothing. */
  public static Throwable thrownBy(Callable<?> action) {
    try {
      Object value = action.call();
      throw new AssertionError("expected a failure, but got " + value);
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable e) {
      return e;
    }
  }

  /** Runs {@code action}, which must throw, and returns what it threw. */
  public static Throwable thrown(ThrowingRunnable action) {
    try {
      action.run();
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("expected a failure, but the call returned normally");
  }

  /** A call that may throw anything. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Awaits {@code latch} from inside a loader (at most {@link #WAIT}); interruption propagates. */
  public static void hold(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(WAIT.toMillis(), MILLISECONDS)) {
      throw new IllegalStateException("the test never released the loader");
    }
  }

  /** What a loader is told to do for one call: return a value or throw. */
  @FunctionalInterface
  public interface Script {
    public String load(String key) throws Exception;
  }

  /** What a loader is told to do for one {@code loadAll} call. */
  @FunctionalInterface
  public interface BulkScript {
    public Map<String, String> loadAll(List<String> keys) throws Exception;
  }

  /** One call into a {@link ScriptedLoader}. */
  public record Call(String method, List<String> keys, Optional<String> tenant, Thread thread) {}

  /**
   * A String loader that follows a replaceable script and records every call (method, keys,
   * bound tenant, thread). Checked exceptions of a script surface as the cause of a {@link
   * CacheLoaderException}; unchecked ones as they are.
   */
  public static final class ScriptedLoader implements CacheLoader<String, String> {
    public final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    public final AtomicInteger loadCalls = new AtomicInteger();
    public final AtomicInteger loadAllCalls = new AtomicInteger();
    private volatile Script script;
    private volatile BulkScript bulkScript;

    public ScriptedLoader() {
      script = key -> "loaded-" + key;
      bulkScript = keys -> {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
          values.put(key, script.load(key));
        }
        return values;
      };
    }

    public ScriptedLoader onLoad(Script script) {
      this.script = script;
      return this;
    }

    public ScriptedLoader onLoadAll(BulkScript bulkScript) {
      this.bulkScript = bulkScript;
      return this;
    }

    @Override
    public String load(String key) {
      loadCalls.incrementAndGet();
      calls.add(new Call("load", List.of(key), Tenants.current(), Thread.currentThread()));
      try {
        return script.load(key);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheLoaderException(e);
      }
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      loadAllCalls.incrementAndGet();
      List<String> list = new ArrayList<>();
      keys.forEach(list::add);
      calls.add(new Call("loadAll", List.copyOf(list), Tenants.current(), Thread.currentThread()));
      try {
        return bulkScript.loadAll(list);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheLoaderException(e);
      }
    }

    /** Returns the calls of {@code method}, in order. */
    public List<Call> calls(String method) {
      return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** Returns how many times {@code key} was passed to the loader, by load or loadAll. */
    public long timesLoaded(String key) {
      return calls.stream().filter(call -> call.keys().contains(key)).count();
    }
  }

  /** A clock that stands still until a test advances it (for circuit breakers). */
  public static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));

    public void advance(Duration amount) {
      now.updateAndGet(instant -> instant.plus(amount));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
