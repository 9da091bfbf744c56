package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitCondition;
import static io.tenantcache.testing.LoadTestSupport.failure;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static io.tenantcache.testing.LoadTestSupport.result;
import static io.tenantcache.testing.LoadTestSupport.thrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.retry.RetryConfig;
import io.tenantcache.LoadResilience;
import io.tenantcache.TenantStatistics;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import io.tenantcache.testing.TestPool;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Retried loads: as many loader calls as the retry config allows, and the last failure kept. */
final class LoadRetryTest {
  private static final int ATTEMPTS = 4;

  private final ScriptedLoader loader = new ScriptedLoader();
  private final AtomicInteger attempt = new AtomicInteger();
  @AutoClose private final Gate release = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool pool = TestPool.cached();


  private Cache<String, String> retryingCache(RetryConfig retry) {
    return fixture.create(fixture.builder(String.class, String.class).readThrough(() -> loader)
        .statisticsEnabled(true)
        .resilience(LoadResilience.builder().retry(retry).build()));
  }

  private static TenantStatistics statistics(Cache<String, String> cache) {
    return CacheFixture.admin(cache).statistics("acme");
  }

  private static RetryConfig.Builder<Object> retry(int maxAttempts) {
    return RetryConfig.custom().maxAttempts(maxAttempts).waitDuration(Duration.ofMillis(1));
  }

  /** The loader fails its first {@code failures} calls, then answers. */
  private void failFirst(int failures) {
    loader.onLoad(key -> {
      int call = attempt.incrementAndGet();
      if (call <= failures) {
        throw new IllegalStateException("attempt " + call + " failed");
      }
      return "loaded-" + key;
    });
  }

  @Test
  void get_loaderFailsAllButLastAttempt_returnsValueAfterExactlyMaxAttemptsCalls() {
    Cache<String, String> cache = retryingCache(retry(ATTEMPTS).build());
    failFirst(ATTEMPTS - 1);

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("loaded-k");

    assertThat(loader.loadCalls).hasValue(ATTEMPTS);
    assertThat(loader.calls).allSatisfy(call -> assertThat(call.tenant()).contains("acme"));
    // Counted once, after retries (the count may land just after get returns: see below).
    awaitCondition("the load counted", () -> statistics(cache).loads() == 1);
    assertThat(statistics(cache).loadFailures()).isZero();
  }

  @Test
  void get_loaderFailsMoreThanMaxAttempts_callerGetsTheLastFailureAsCause() {
    Cache<String, String> cache = retryingCache(retry(ATTEMPTS - 1).build());
    failFirst(ATTEMPTS - 1);

    Throwable thrown = thrownBy(() -> as("acme", () -> cache.get("k")));

    assertThat(thrown).isInstanceOf(CacheLoaderException.class);
    assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class)
        .hasMessage("attempt " + (ATTEMPTS - 1) + " failed");
    assertThat(loader.loadCalls).hasValue(ATTEMPTS - 1);
    assertThat(as("acme", () -> cache.containsKey("k"))).isFalse();
    awaitCondition("the failure counted once", () -> statistics(cache).loadFailures() == 1);
    assertThat(statistics(cache).loads()).isZero();
  }

  @Test
  void get_ignoredExceptionType_isNotRetried() {
    Cache<String, String> cache = retryingCache(
        retry(ATTEMPTS).ignoreExceptions(IllegalArgumentException.class).build());
    IllegalArgumentException bad = new IllegalArgumentException("no such record");
    loader.onLoad(key -> {
      throw bad;
    });

    Throwable thrown = thrownBy(() -> as("acme", () -> cache.get("k")));

    assertThat(thrown).isInstanceOf(CacheLoaderException.class);
    assertThat(thrown.getCause()).isSameAs(bad);
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void get_exceptionTypeOutsideRetryExceptions_isNotRetried() {
    Cache<String, String> cache = retryingCache(
        retry(ATTEMPTS).retryExceptions(IllegalStateException.class).build());
    UnsupportedOperationException unsupported = new UnsupportedOperationException("no");
    loader.onLoad(key -> {
      throw unsupported;
    });

    Throwable thrown = thrownBy(() -> as("acme", () -> cache.get("k")));

    assertThat(thrown.getCause()).isSameAs(unsupported);
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void get_retriedLoadFails_failureIsCountedBeforeTheCallerSeesIt() {
    Cache<String, String> cache = retryingCache(retry(2).build());
    loader.onLoad(key -> {
      throw new IllegalStateException("backend down");
    });

    for (int i = 1; i <= 20; i++) {
      String key = "k" + i;
      assertThat(thrownBy(() -> as("acme", () -> cache.get(key))))
          .isInstanceOf(CacheLoaderException.class);
      assertThat(statistics(cache).loadFailures()).as("failures counted after %s failed gets", i)
          .isEqualTo(i);
    }
  }

  @Test
  void get_retriedAttemptThatHangs_doesNotStallAnotherCachesTimeLimit() {
    Cache<String, String> retrying = retryingCache(retry(2).build());
    AtomicReference<Thread> secondAttempt = new AtomicReference<>();
    CountDownLatch inSecondAttempt = new CountDownLatch(1);
    loader.onLoad(key -> {
      if (attempt.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt failed");
      }
      secondAttempt.set(Thread.currentThread());
      inSecondAttempt.countDown();
      hold(release);
      return "loaded-" + key;
    });
    ScriptedLoader hanging = new ScriptedLoader().onLoad(key -> {
      hold(release);
      return "late";
    });
    Cache<String, String> timed = fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> hanging)
        .resilience(LoadResilience.builder().timeout(Duration.ofMillis(50)).build()));

    Future<String> retried = pool.submit(() -> as("acme", () -> retrying.get("k")));
    await(inSecondAttempt, "the retried attempt");
    long start = System.nanoTime();
    Future<String> timedOut = pool.submit(() -> as("acme", () -> timed.get("k")));
    Throwable thrown = failure(timedOut);
    long elapsed = System.nanoTime() - start;

    assertThat(thrown).isInstanceOf(CacheLoaderException.class);
    assertThat(thrown.getCause()).isInstanceOf(TimeoutException.class);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(2).toNanos());
    assertThat(secondAttempt.get().getName()).doesNotStartWith("tenantcache-scheduler");
    release.countDown();
    assertThat(result(retried)).isEqualTo("loaded-k");
  }
}
