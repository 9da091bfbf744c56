package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.await;
import static io.tenantcache.testing.LoadTestSupport.awaitCondition;
import static io.tenantcache.testing.LoadTestSupport.hold;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.LoadResilience;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.Gate;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * refreshAfterWrite: a read of an entry written or loaded at least that long ago (fake ticker)
 * returns its value at once and starts one background reload per tenant and key; the reload's
 * value replaces it, a failed reload keeps it, and a write during the reload wins.
 */
class RefreshAheadTest {
  private static final Duration REFRESH_AFTER = Duration.ofMinutes(1);

  private final ScriptedLoader loader = new ScriptedLoader();
  private final AtomicInteger loads = new AtomicInteger();
  @AutoClose private final Gate release = new Gate();
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  /** A cache whose loads return "key-tenant-n" for the n-th load. */
  private Cache<String, String> cache(LoadResilience resilience) {
    loader.onLoad(key -> key + "-" + Tenants.current().orElse("none") + "-"
        + loads.incrementAndGet());
    return fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader).statisticsEnabled(true).storeByValue(storeByValue())
        .refreshAfterWrite(REFRESH_AFTER).resilience(resilience));
  }

  /** Store-by-value reads take the full read path; {@link ByReference} the refreshing hit path. */
  boolean storeByValue() {
    return true;
  }

  /** The same behaviour on the hit path of a cache that stores by reference. */
  static final class ByReference extends RefreshAheadTest {
    @Override
    boolean storeByValue() {
      return false;
    }
  }

  /** Background reloads run inline on the reading thread: deterministic. */
  private Cache<String, String> inlineCache() {
    return cache(LoadResilience.builder().executor(Runnable::run).build());
  }

  @Test
  void aReadBeforeTheRefreshTime_startsNothing() {
    Cache<String, String> cache = inlineCache();
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-1");
    fixture.ticker.advance(59, SECONDS);

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-1");
    assertThat(loader.loadCalls).hasValue(1);
  }

  @Test
  void aReadAfterTheRefreshTime_returnsTheCurrentValue_andTheReloadReplacesIt() {
    Cache<String, String> cache = cache(LoadResilience.NONE);   // reloads on the loader pool
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-1");
    CountDownLatch entered = new CountDownLatch(1);
    loader.onLoad(key -> {
      entered.countDown();
      hold(release);
      return key + "-" + Tenants.current().orElse("none") + "-" + loads.incrementAndGet();
    });
    fixture.ticker.advance(61, SECONDS);

    assertThat(as("acme", () -> cache.get("k"))).as("no wait").isEqualTo("k-acme-1");
    await(entered, "the background reload");
    assertThat(as("acme", () -> cache.get("k"))).as("one reload at a time").isEqualTo("k-acme-1");
    assertThat(loader.loadCalls).hasValue(2);
    release.countDown();

    awaitCondition("the reloaded value", () -> "k-acme-2".equals(as("acme", () -> cache.get("k"))));
    TenantStatistics acme = admin(cache).statistics("acme");
    assertThat(acme.refreshes()).isEqualTo(1);
    assertThat(acme.refreshFailures()).isZero();
  }

  @Test
  void theReloadedValue_startsANewInterval() {
    Cache<String, String> cache = inlineCache();
    as("acme", () -> cache.get("k"));
    fixture.ticker.advance(61, SECONDS);
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-1");   // reloads inline

    fixture.ticker.advance(30, SECONDS);
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-2");
    assertThat(loader.loadCalls).hasValue(2);
  }

  @Test
  void aFailedReload_keepsTheValue_andIsCounted() {
    Cache<String, String> cache = inlineCache();
    as("acme", () -> cache.get("k"));
    AtomicBoolean down = new AtomicBoolean(true);
    loader.onLoad(key -> {
      if (down.get()) {
        throw new IllegalStateException("backend down");
      }
      return "back";
    });
    fixture.ticker.advance(61, SECONDS);

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-1");
    assertThat(as("acme", () -> cache.get("k"))).as("still served").isEqualTo("k-acme-1");
    TenantStatistics acme = admin(cache).statistics("acme");
    assertThat(acme.refreshFailures()).isEqualTo(2);
    assertThat(acme.loadFailures()).isEqualTo(2);
    down.set(false);
    as("acme", () -> cache.get("k"));
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("back");
  }

  @Test
  void aWriteDuringTheReload_winsOverIt() {
    Cache<String, String> cache = cache(LoadResilience.NONE);
    as("acme", () -> cache.get("k"));
    CountDownLatch entered = new CountDownLatch(1);
    loader.onLoad(key -> {
      entered.countDown();
      hold(release);
      return "reloaded";
    });
    fixture.ticker.advance(61, SECONDS);
    as("acme", () -> cache.get("k"));
    await(entered, "the background reload");

    Tenants.run("acme", () -> cache.put("k", "written"));
    release.countDown();

    awaitCondition("the reload to finish", () -> admin(cache).statistics("acme").refreshes() == 1);
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("written");
  }

  @Test
  void aReload_isPerTenant() {
    Cache<String, String> cache = inlineCache();
    as("acme", () -> cache.get("k"));
    as("globex", () -> cache.get("k"));
    fixture.ticker.advance(61, SECONDS);

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-1");

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("k-acme-3");
    fixture.ticker.advance(1, SECONDS);
    assertThat(as("globex", () -> cache.get("k"))).as("its own reload").isEqualTo("k-globex-2");
    assertThat(as("globex", () -> cache.get("k"))).isEqualTo("k-globex-4");
  }

  @Test
  void aSkewedReadLoadOverManyKeys_reloadsEachHotKeyOncePerInterval() {
    Cache<String, String> cache = inlineCache();
    int keys = 10_000;
    Tenants.run("acme", () -> {
      for (int i = 0; i < keys; i++) {
        cache.get("k" + i);
      }
    });
    fixture.ticker.advance(61, SECONDS);
    Random random = new Random(42);
    Set<String> read = new HashSet<>();

    Tenants.run("acme", () -> {
      for (int i = 0; i < 50_000; i++) {
        // a skewed draw: most reads go to few keys
        String key = "k" + (int) (keys * Math.pow(random.nextDouble(), 4));
        read.add(key);
        cache.get(key);
      }
    });

    assertThat(loader.loadCalls.get() - keys).as("reloads").isEqualTo(read.size());
    assertThat(admin(cache).statistics("acme").refreshes()).isEqualTo(read.size());
  }

  @Test
  void refreshAfterWrite_mustNotBeNegative() {
    assertThatThrownBy(() -> fixture.builder(String.class, String.class)
        .refreshAfterWrite(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshAfterWrite");
  }
}
