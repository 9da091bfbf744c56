package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.LoadResilience;
import io.tenantcache.Tenants;
import io.tenantcache.internal.cache.BadInputSupport.Failure;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.RecordingListener;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A loader, writer, listener, filter, expiry policy or entry processor that throws each kind of
 * failure (a runtime exception, a checked one thrown sneakily, and the errors {@code
 * AssertionError}, {@code StackOverflowError}, {@code OutOfMemoryError}), or returns null. The
 * caller gets JCache's exception with the failure as its cause (an {@link Error} as it is, except
 * from loaders, whose failures every coalesced caller shares), and the cache is as it was; only a
 * listener's failure comes after the change, which then stays.
 */
final class BadInputCallbackTest extends BadInputCallbackSupport {

  // ---- loader

  @ParameterizedTest
  @EnumSource(Failure.class)
  void loaderThrows_callerGetsCacheLoaderException_causeKept_nothingStored(Failure kind)
      throws Exception {
    for (LoadResilience resilience : new LoadResilience[] {LoadResilience.NONE,
        LoadResilience.builder().timeout(java.time.Duration.ofSeconds(5)).build()}) {
      Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
          .resilience(resilience).readThrough(faults.loaderFactory()));
      faults.failure = kind;

      Tenants.call("acme", () -> {
        assertCause(thrown(() -> cache.get("x")), CacheLoaderException.class, kind);
        assertCause(thrown(() -> cache.getAll(Set.of("x", "y"))), CacheLoaderException.class, kind);
        assertCause(thrown(() -> cache.invoke("x", (entry, args) -> entry.getValue())),
            CacheLoaderException.class, kind);
        assertThat(loadAllFailure(cache, Set.of("x"))).isInstanceOf(CacheLoaderException.class)
            .hasCauseInstanceOf(kind.create().getClass());
        return null;
      });
      assertUnchanged(cache, before);
      assertThat(faults.loads).as("the loader was called").isPositive();
    }
  }

  @Test
  void loaderReturnsNull_getReturnsNull_nothingStored() throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .readThrough(faults.loaderFactory()));
    faults.returnNull = true;

    Tenants.run("acme", () -> {
      assertThat(cache.get("x")).isNull();
      assertThat(cache.getAll(Set.of("x", "y"))).isEmpty();
      String seen = cache.invoke("x", (entry, args) -> entry.exists() + "/" + entry.getValue());
      assertThat(seen).isEqualTo("false/null");
      assertThat(cache.containsKey("x")).isFalse();
    });
    assertThat(loadAllFailure(cache, Set.of("x", "y"))).isNull();
    assertUnchanged(cache, before);
  }

  // ---- writer

  @ParameterizedTest
  @EnumSource(Failure.class)
  void writerThrows_callerGetsCacheWriterExceptionOrTheError_cacheUnchanged(Failure kind)
      throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .writeThrough(faults.writerFactory()));
    faults.failure = kind;

    Tenants.run("acme", () -> {
      assertWrappedOrError(thrown(() -> cache.put("k", "new")), CacheWriterException.class, kind);
      assertWrappedOrError(thrown(() -> cache.put("x", "new")), CacheWriterException.class, kind);
      assertWrappedOrError(thrown(() -> cache.getAndPut("k", "new")), CacheWriterException.class,
          kind);
      assertWrappedOrError(thrown(() -> cache.replace("k", "new")), CacheWriterException.class,
          kind);
      assertWrappedOrError(thrown(() -> cache.remove("k")), CacheWriterException.class, kind);
      assertWrappedOrError(thrown(() -> cache.getAndRemove("k")), CacheWriterException.class,
          kind);
      assertWrappedOrError(thrown(() -> cache.invoke("k", (entry, args) -> {
        entry.setValue("new");
        return null;
      })), CacheWriterException.class, kind);
      assertWrappedOrError(thrown(() -> cache.putAll(Map.of("k", "new", "x", "new"))),
          CacheWriterException.class, kind);
      assertWrappedOrError(thrown(() -> cache.removeAll(Set.of("k", "x"))),
          CacheWriterException.class, kind);
    });
    assertUnchanged(cache, before);
  }

  // ---- listener and filter

  @ParameterizedTest
  @EnumSource(Failure.class)
  void synchronousListenerThrows_callerGetsCacheEntryListenerExceptionOrTheError_changeStays(
      Failure kind) throws Exception {
    RecordingListener<String, String> second = new RecordingListener<>();
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .addListener(faults.listenerConfiguration(true, false))
        .addListener(second.configuration(true)));
    faults.failure = kind;

    Throwable failure = Tenants.call("acme", () -> thrown(() -> cache.put("x", "v")));

    assertWrappedOrError(failure, CacheEntryListenerException.class, kind);
    Map<String, Map<String, String>> expected = new HashMap<>(before);
    expected.put("acme", Map.of("k", "acme-v", "x", "v"));
    assertUnchanged(cache, expected);
    if (!kind.isError()) {
      assertThat(second.events(EventType.CREATED)).as("the other listener still heard it")
          .extracting(RecordingListener.Seen::key).contains("x");
    }
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void filterThrows_likeItsListener(Failure kind) throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .addListener(faults.listenerConfiguration(true, true)));
    faults.failure = kind;

    Throwable failure = Tenants.call("acme", () -> thrown(() -> cache.put("x", "new")));

    assertWrappedOrError(failure, CacheEntryListenerException.class, kind);
    assertThat(CacheFixture.admin(cache).forTenant("acme").get("x")).isEqualTo("new");
    assertThat(CacheFixture.admin(cache).forTenant("globex").get("k")).isEqualTo("globex-v");
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void asynchronousListenerThrows_callerUnaffected_laterEventsStillDelivered(Failure kind)
      throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .addListener(faults.listenerConfiguration(false, false)));
    faults.failure = kind;

    Tenants.run("acme", () -> cache.put("x", "v"));
    LoadTestSupport.awaitCondition("the failing listener ran", () -> faults.listened >= 3);
    faults.failure = null;
    Tenants.run("acme", () -> cache.put("y", "v"));

    LoadTestSupport.awaitCondition("the next event was delivered", () -> faults.listened >= 4);
    assertThat(Tenants.call("acme", () -> cache.getAll(Set.of("x", "y")))).hasSize(2);
  }
}
