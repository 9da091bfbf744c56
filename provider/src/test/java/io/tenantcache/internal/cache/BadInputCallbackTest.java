package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.LoadResilience;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.internal.cache.BadInputSupport.Failure;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.RecordingListener;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.AutoClose;
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
final class BadInputCallbackTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  private final Faults faults = new Faults();
  private Map<String, Map<String, String>> before;

  /** A cache with two tenants' entries, "k" for each, whose snapshot is taken. */
  private Cache<String, String> seeded(TenantCacheConfiguration.Builder<String, String> builder) {
    Cache<String, String> cache = fixture.create(builder);
    faults.failure = null;
    before = CacheFixture.seed(cache, "acme", "globex");
    return cache;
  }

  private static void assertCause(Throwable failure, Class<? extends Throwable> wrapper,
      Failure kind) {
    assertThat(failure).isInstanceOf(wrapper);
    assertThat(failure.getCause()).isNotNull();
    assertThat(failure.getCause().getClass()).isEqualTo(kind.create().getClass());
  }

  /** An exception is wrapped in {@code wrapper}; an Error passes through as it is. */
  private static void assertWrappedOrError(Throwable failure, Class<? extends Throwable> wrapper,
      Failure kind) {
    if (kind.isError()) {
      assertThat(failure.getClass()).isEqualTo(kind.create().getClass());
      assertThat(failure).hasMessage(kind.create().getMessage());
    } else {
      assertCause(failure, wrapper, kind);
    }
  }

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

  private static Throwable loadAllFailure(Cache<String, String> cache, Set<String> keys)
      throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    cache.loadAll(keys, true, new CompletionListener() {
      @Override
      public void onCompletion() {
        outcome.complete(null);
      }

      @Override
      public void onException(Exception e) {
        outcome.complete(e);
      }
    });
    return outcome.get(5, SECONDS);
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

  // ---- expiry policy

  @ParameterizedTest
  @EnumSource(Failure.class)
  void expiryPolicyThrowsOnCreate_exceptionIsLoggedAndEntryEternal_errorFailsThePut(
      Failure kind) throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .expiryPolicy(faults.expiryFactory()));
    faults.failure = kind;

    if (kind.isError()) {
      assertWrappedOrError(Tenants.call("acme", () -> thrown(() -> cache.put("x", "v"))),
          Error.class, kind);
      faults.failure = null;   // reading the content back asks the policy too
      assertUnchanged(cache, before);
    } else {
      Tenants.run("acme", () -> cache.put("x", "v"));
      fixture.ticker.advance(365, TimeUnit.DAYS);
      assertThat(Tenants.call("acme", () -> cache.get("x"))).as("eternal").isEqualTo("v");
    }
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void expiryPolicyThrowsOnAccessOrUpdate_getAndPutKeepTheOldExpiry_orFailWithTheError(
      Failure kind) throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .expiryPolicy(faults.expiryFactory()));
    faults.failure = kind;
    faults.onCreateToo = false;

    for (LoadTestSupport.ThrowingRunnable call : new LoadTestSupport.ThrowingRunnable[] {
        () -> cache.get("k"), () -> cache.put("k", "acme-v")}) {
      if (kind.isError()) {
        assertWrappedOrError(Tenants.call("acme", () -> thrown(call)), Error.class, kind);
      } else {
        Tenants.call("acme", () -> {
          call.run();
          return null;
        });
      }
      faults.failure = null;   // reading the content back asks the policy too
      assertUnchanged(cache, before);
      faults.failure = kind;
    }
  }

  @Test
  void expiryPolicyReturnsNull_entryIsEternal_andUpdatesKeepTheirExpiry() throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .expiryPolicy(faults.expiryFactory()));
    faults.returnNull = true;

    Tenants.run("acme", () -> {
      cache.put("x", "v");
      cache.put("x", "w");
      assertThat(cache.get("x")).isEqualTo("w");
    });
    fixture.ticker.advance(365, TimeUnit.DAYS);
    assertThat(Tenants.call("acme", () -> cache.get("x"))).isEqualTo("w");
  }

  // ---- entry processor

  @ParameterizedTest
  @EnumSource(Failure.class)
  void processorThrows_callerGetsEntryProcessorExceptionOrTheError_cacheUnchanged(Failure kind)
      throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class));

    Throwable failure = Tenants.call("acme", () -> thrown(() -> cache.invoke("k",
        (entry, args) -> {
          entry.setValue("set before failing");
          entry.remove();
          throw kind.raise();
        })));

    assertWrappedOrError(failure, EntryProcessorException.class, kind);
    assertUnchanged(cache, before);
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void invokeAll_processorThrowsForOneKey_othersApplied_orTheErrorStopsTheCall(Failure kind)
      throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class));
    Tenants.run("acme", () -> cache.put("m", "acme-m"));

    Tenants.run("acme", () -> {
      if (kind.isError()) {
        Throwable failure = thrown(() -> cache.invokeAll(Set.of("k"), (entry, args) -> {
          throw kind.raise();
        }));
        assertWrappedOrError(failure, EntryProcessorException.class, kind);
        assertThat(cache.get("k")).isEqualTo("acme-v");
        return;
      }
      Map<String, EntryProcessorResult<String>> results = cache.invokeAll(Set.of("k", "m"),
          (entry, args) -> {
            if (entry.getKey().equals("k")) {
              throw kind.raise();
            }
            entry.setValue("processed");
            return null;
          });
      assertThat(results).containsOnlyKeys("k");
      assertCause(thrown(() -> results.get("k").get()), EntryProcessorException.class, kind);
      assertThat(cache.get("k")).isEqualTo("acme-v");
      assertThat(cache.get("m")).isEqualTo("processed");
    });
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void callbackFailingOnAnExpiredEntry_entryExpiresOnce_tenantSizeStaysRight(Failure kind)
      throws Exception {
    RecordingListener<String, String> listener = new RecordingListener<>();
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class)
        .expiryPolicy(javax.cache.expiry.CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1)))
        .addListener(listener.configuration(true)));
    // Both seeded entries have expired, unseen; within the store's grace, so that Caffeine's
    // background maintenance does not drop them (and deliver their events on its own thread).
    fixture.ticker.advance(90, TimeUnit.SECONDS);

    Throwable failure = Tenants.call("acme", () -> thrown(() -> cache.invoke("k",
        (entry, args) -> {
          throw kind.raise();
        })));

    assertWrappedOrError(failure, EntryProcessorException.class, kind);
    TenantStatistics acme = CacheFixture.admin(cache).statistics("acme");   // runs maintenance
    assertThat(acme.size()).as("acme's entry count").isZero();
    assertThat(CacheFixture.admin(cache).statistics("globex").size()).isZero();
    assertThat(listener.events(EventType.EXPIRED)).as("each entry expired once")
        .extracting(RecordingListener.Seen::eventTenant).containsExactlyInAnyOrder("acme", "globex");
    Tenants.run("acme", () -> cache.put("k", "again"));
    assertThat(CacheFixture.admin(cache).statistics("acme").size()).isEqualTo(1);
  }

  @Test
  void processorReturnsNull_invokeReturnsNull_invokeAllLeavesTheKeyOut() throws Exception {
    Cache<String, String> cache = seeded(fixture.builder(String.class, String.class));

    Tenants.run("acme", () -> {
      Object result = cache.invoke("k", (entry, args) -> null);
      assertThat(result).isNull();
      assertThat(cache.invokeAll(Set.of("k", "x"), (entry, args) -> null)).isEmpty();
    });
    assertUnchanged(cache, before);
  }

  /** Callbacks that fail as the test says; counts their calls. */
  static final class Faults {
    volatile Failure failure;
    volatile boolean returnNull;
    volatile boolean onCreateToo = true;
    volatile int loads;
    volatile int listened;

    private void maybeFail() {
      Failure current = failure;
      if (current != null) {
        throw current.raise();
      }
    }

    Factory<CacheLoader<String, String>> loaderFactory() {
      return () -> new CacheLoader<>() {
        @Override
        public String load(String key) {
          loads++;
          maybeFail();
          return returnNull ? null : "loaded-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
          loads++;
          maybeFail();
          if (returnNull) {
            return null;
          }
          Map<String, String> loaded = new HashMap<>();
          keys.forEach(key -> loaded.put(key, "loaded-" + key));
          return loaded;
        }
      };
    }

    Factory<CacheWriter<? super String, ? super String>> writerFactory() {
      return () -> new CacheWriter<String, String>() {
        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
          maybeFail();
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
          maybeFail();
          entries.clear();
        }

        @Override
        public void delete(Object key) {
          maybeFail();
        }

        @Override
        public void deleteAll(Collection<?> keys) {
          maybeFail();
          keys.clear();
        }
      };
    }

    MutableCacheEntryListenerConfiguration<String, String> listenerConfiguration(
        boolean synchronous, boolean failInFilter) {
      Factory<CacheEntryListener<? super String, ? super String>> listener =
          () -> (CacheEntryCreatedListener<String, String>) events -> {
            events.forEach(event -> listened++);
            if (!failInFilter) {
              maybeFail();
            }
          };
      Factory<CacheEntryEventFilter<? super String, ? super String>> filter = failInFilter
          ? () -> event -> {
            maybeFail();
            return true;
          }
          : null;
      return new MutableCacheEntryListenerConfiguration<>(listener, filter, false, synchronous);
    }

    Factory<ExpiryPolicy> expiryFactory() {
      return () -> new ExpiryPolicy() {
        @Override
        public Duration getExpiryForCreation() {
          if (onCreateToo) {
            maybeFail();
          }
          return returnNull ? null : new Duration(TimeUnit.MINUTES, 10);
        }

        @Override
        public Duration getExpiryForAccess() {
          maybeFail();
          return returnNull ? null : new Duration(TimeUnit.MINUTES, 10);
        }

        @Override
        public Duration getExpiryForUpdate() {
          maybeFail();
          return returnNull ? null : new Duration(TimeUnit.MINUTES, 10);
        }
      };
    }
  }
}
