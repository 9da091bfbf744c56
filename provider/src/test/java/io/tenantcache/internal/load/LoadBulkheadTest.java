package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static io.tenantcache.testing.LoadTestSupport.result;
import static io.tenantcache.testing.LoadTestSupport.thrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import io.tenantcache.testing.TestPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bulkheads on the load path bound each tenant's concurrent loader calls (per tenant default). */
final class LoadBulkheadTest {
  private final ScriptedLoader loader = new ScriptedLoader();
  private final CountDownLatch entered = new CountDownLatch(2);
  @AutoClose private final Gate release = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool pool = TestPool.cached();

  @BeforeEach
  void setUp() {
    loader.onLoad(key -> {
      if (key.startsWith("held")) {
        entered.countDown();
        hold(release);
      }
      return Tenants.current().orElseThrow() + "/" + key;
    });
  }


  private Cache<String, String> cache(ResilienceScope scope) {
    BulkheadConfig bulkhead = BulkheadConfig.custom()
        .maxConcurrentCalls(2).maxWaitDuration(Duration.ZERO).build();
    return fixture.create(fixture.builder(String.class, String.class).readThrough(() -> loader)
        .statisticsEnabled(true)
        .resilience(LoadResilience.builder().bulkhead(bulkhead, scope).build()));
  }

  private List<Future<String>> holdTwoLoadsOfA(Cache<String, String> cache) {
    List<Future<String>> held = List.of(
        pool.submit(() -> as("A", () -> cache.get("held-1"))),
        pool.submit(() -> as("A", () -> cache.get("held-2"))));
    await(entered, "two held loads of tenant A");
    return held;
  }

  @Test
  void tenantScope_fullBulkhead_rejectsTenantsNextLoadAtOnce_otherTenantStillLoads() {
    Cache<String, String> cache = cache(ResilienceScope.TENANT);
    List<Future<String>> held = holdTwoLoadsOfA(cache);

    long start = System.nanoTime();
    Throwable rejected = thrownBy(() -> as("A", () -> cache.get("third")));
    long latency = System.nanoTime() - start;

    assertThat(rejected).isInstanceOf(CacheLoaderException.class);
    assertThat(rejected.getCause()).isInstanceOf(BulkheadFullException.class);
    assertThat(latency).isLessThan(Duration.ofSeconds(1).toNanos());
    assertThat(loader.calls("load")).noneMatch(call -> call.keys().contains("third"));
    assertThat(result(pool.submit(() -> as("B", () -> cache.get("k"))))).isEqualTo("B/k");
    assertThat(CacheFixture.admin(cache).statistics("A").loadFailures()).isEqualTo(1);

    release.countDown();
    assertThat(held).allSatisfy(get -> assertThat(result(get)).startsWith("A/held-"));
    assertThat(CacheFixture.admin(cache).statistics("A").loads()).isEqualTo(2);
    assertThat(as("A", () -> cache.get("third"))).isEqualTo("A/third");
  }

  @Test
  void cacheScope_fullBulkhead_rejectsOtherTenantsToo() {
    Cache<String, String> cache = cache(ResilienceScope.CACHE);
    holdTwoLoadsOfA(cache);

    Throwable rejected = thrownBy(() -> as("B", () -> cache.get("k")));

    assertThat(rejected.getCause()).isInstanceOf(BulkheadFullException.class);
    assertThat(CacheFixture.admin(cache).statistics("B").loadFailures()).isEqualTo(1);
  }
}
