package io.tenantcache.internal.load;

import static io.tenantcache.testing.LoadTestSupport.WAIT;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitParked;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListener;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Closing a cache while a {@code loadAll} it started runs in the background: a {@code Closeable}
 * loader is never called after its close. (The TCK's loaders reconnect when called after close,
 * to whatever then listens on their fixed port: a later test's server, which then counts loads
 * of that test and finds a client connection left open.)
 */
final class LoadAllCloseTest {
  private static final int ROUNDS = 500;

  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final Gate release = new Gate();


  @Test
  void close_whileLoadAllCallsTheLoader_waitsForIt_thenClosesTheLoader() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    ClosingLoader loader = new ClosingLoader();
    loader.scripted.onLoadAll(keys -> {
      entered.countDown();
      hold(release);
      return Map.of("a", "loaded-a");
    });
    Cache<String, String> cache = fixture.create(
        fixture.builder(String.class, String.class).readThrough(() -> loader));
    CompletionListenerFuture done = new CompletionListenerFuture();

    cache.loadAll(Set.of("a"), false, done);
    await(entered, "the loadAll to call the loader");
    Thread closer = new Thread(cache::close, "closer");
    closer.start();
    awaitParked(List.of(closer), "close to wait for the running loadAll");

    assertThat(loader.events).containsExactly("loadAll");
    release.countDown();
    closer.join(WAIT.toMillis());
    assertThat(closer.isAlive()).as("close returned").isFalse();
    assertThat(loader.events).containsExactly("loadAll", "loadAll returned", "close");
    done.get(WAIT.toMillis(), MILLISECONDS);
    assertThat(cache.isClosed()).isTrue();
  }

  @Test
  void close_rightAfterLoadAll_loaderNeverCalledAfterItsClose_listenerAlwaysHears()
      throws Exception {
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      ClosingLoader loader = new ClosingLoader();
      Cache<String, String> cache = fixture.create(
          fixture.builder(String.class, String.class).readThrough(() -> loader));
      CompletionListenerFuture done = new CompletionListenerFuture();

      cache.loadAll(Set.of("a", "b"), false, done);
      cache.close();

      String outcome;
      try {
        done.get(WAIT.toMillis(), MILLISECONDS);
        outcome = "loaded before the close";
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed before its loadAll ran");
        outcome = "not run: the cache had closed";
      }
      outcomes.merge(outcome, 1, Integer::sum);
      assertThat(loader.callsAfterClose).as("loader calls after its close, round " + round)
          .hasValue(0);
      assertThat(loader.events).last().isEqualTo("close");
    }
    System.out.println("loadAll then close, " + ROUNDS + " rounds: " + outcomes);
  }

  @Test
  void listenerClosingTheCache_doesNotWaitForItself() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    ClosingLoader loader = new ClosingLoader();
    Cache<String, String> cache = fixture.create(
        fixture.builder(String.class, String.class).readThrough(() -> loader));

    cache.loadAll(Set.of("a"), false, new CompletionListener() {
      @Override
      public void onCompletion() {
        cache.close();
        closed.countDown();
      }

      @Override
      public void onException(Exception e) {}
    });

    await(closed, "the listener's close to return");
    assertThat(loader.events).containsExactly("loadAll", "loadAll returned", "close");
  }

  /** A {@code Closeable} loader that records its calls and its close, and counts calls after it. */
  static final class ClosingLoader implements CacheLoader<String, String>, Closeable {
    final ScriptedLoader scripted = new ScriptedLoader();
    final Queue<String> events = new ConcurrentLinkedQueue<>();
    final AtomicInteger callsAfterClose = new AtomicInteger();
    private volatile boolean closed;

    @Override
    public String load(String key) {
      called("load");
      String value = scripted.load(key);
      events.add("load returned");
      return value;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      called("loadAll");
      Map<String, String> values = scripted.loadAll(keys);
      events.add("loadAll returned");
      return values;
    }

    private void called(String method) {
      if (closed) {
        callsAfterClose.incrementAndGet();
      }
      events.add(method);
    }

    @Override
    public void close() {
      closed = true;
      events.add("close");
    }
  }
}
