package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.internal.cache.BadInputSupport.Failure;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.RecordingListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failing expiry policies and entry processors: an expiry policy that throws or answers null
 * leaves entries with a sane expiry (or fails the call with the Error), a processor's failure
 * reaches the caller as {@code EntryProcessorException} (or the Error) with the cache unchanged,
 * and an entry that expired unseen expires once whatever the callback does.
 */
final class BadInputExpiryAndProcessorTest extends BadInputCallbackSupport {

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
}
