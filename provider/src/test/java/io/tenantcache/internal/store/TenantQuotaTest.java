package io.tenantcache.internal.store;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.entries;
import static io.tenantcache.testing.CacheFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantStatistics;
import io.tenantcache.testing.CacheFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.management.JMException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant quotas ({@code maximumSizePerTenant}, {@code maximumTenantShare}): a tenant over its
 * quota loses its own entries, never another tenant's, and a scanning tenant cannot flush a
 * tenant that reads a hot set.
 */
final class TenantQuotaTest {
  private static final String A = "acme";
  private static final String B = "globex";
  private static final String C = "initech";

  @AutoClose private final CacheFixture fixture = new CacheFixture();

  private static void putAll(Cache<Integer, String> cache, String tenant, int count) {
    Cache<Integer, String> view = admin(cache).forTenant(tenant);
    for (int i = 0; i < count; i++) {
      view.put(i, tenant + ":" + i);
    }
  }

  private static void assertHoldsAll(Cache<Integer, String> cache, String tenant, int count) {
    Map<Integer, String> entries = entries(admin(cache).forTenant(tenant));
    assertThat(entries).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(entries).containsEntry(i, tenant + ":" + i);
    }
  }

  @Test
  void tenantOverMaximumSizePerTenant_isTrimmedToIt_andOthersKeepAllTheirEntries()
      throws JMException {
    int quota = 50;
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .maximumSizePerTenant(quota)
        .statisticsEnabled(true));
    TenantCache<Integer, String> admin = admin(cache);
    putAll(cache, B, 30);
    putAll(cache, C, quota);

    Cache<Integer, String> acme = admin.forTenant(A);
    for (int i = 0; i < 200; i++) {
      acme.put(i, A + ":" + i);
      assertThat(admin.statistics(A).size()).as("acme's size after put #%d", i)
          .isLessThanOrEqualTo(quota);
    }

    TenantStatistics acmeStats = admin.statistics(A);
    Map<Integer, String> acmeEntries = entries(acme);
    assertThat(acmeEntries).hasSize((int) acmeStats.size()).isNotEmpty();
    acmeEntries.forEach((key, value) -> assertThat(value).isEqualTo(A + ":" + key));
    assertThat(acmeStats.evictions()).isEqualTo(200 - acmeStats.size());

    assertHoldsAll(cache, B, 30);
    assertHoldsAll(cache, C, quota);
    assertThat(admin.statistics(B).evictions()).isZero();
    assertThat(admin.statistics(C).evictions()).isZero();
    assertThat(fixture.statistic(cache, "CacheEvictions")).isEqualTo(acmeStats.evictions());
  }

  @Test
  void tenantOverMaximumTenantShare_isTrimmedToItsShareOfMaximumSize() {
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .maximumSize(100)
        .maximumTenantShare(0.25)
        .statisticsEnabled(true));
    @SuppressWarnings("unchecked")
    TenantCacheConfiguration<Integer, String> configuration =
        cache.getConfiguration(TenantCacheConfiguration.class);
    assertThat(configuration.getTenantQuota())
        .isEqualTo(25);

    putAll(cache, B, 25);
    putAll(cache, A, 100);

    assertThat(admin(cache).statistics(A).size()).isBetween(1L, 25L);
    assertThat(entries(admin(cache).forTenant(A))).hasSize((int) admin(cache).statistics(A).size());
    assertHoldsAll(cache, B, 25);
    assertThat(admin(cache).statistics(B).evictions()).isZero();
  }

  /** Tenant acme reads one key after each of 400 writes of new keys, under a quota of 40. */
  private void assertHotKeySurvivesColdWrites(long maximumSize) {
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .maximumSize(maximumSize)
        .maximumSizePerTenant(40));
    // Caffeine tracks reads once the cache is half full: other tenants fill it that far first.
    // Its maintenance runs in the background, so the test settles it before it reads.
    putAll(cache, B, 40);
    putAll(cache, C, (int) (maximumSize / 2) - 40);
    Cache<Integer, String> acme = admin(cache).forTenant(A);
    acme.put(-1, "hot");
    settle(cache);

    for (int i = 0; i < 400; i++) {
      acme.put(i, "cold");
      assertThat(acme.get(-1)).as("the hot key after %d cold writes", i + 1).isEqualTo("hot");
      // The read reaches Caffeine's policy when its maintenance drains the read buffer, in the
      // background: settled here, so that the trim's choice does not race with it.
      settle(cache);
    }
    assertThat(admin(cache).statistics(A).size()).isLessThanOrEqualTo(40);
  }

  @Test
  void quotaTrim_takesTheTenantsColdEntries_notTheOneItKeepsReading() {
    assertHotKeySurvivesColdWrites(128);
  }

  @Test
  void quotaTrim_ofOneTenant_neverTouchesAnotherTenantsSameKeys() {
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .maximumSizePerTenant(10));
    putAll(cache, B, 10);

    putAll(cache, A, 1_000);

    assertHoldsAll(cache, B, 10);
    assertThat(admin(cache).statistics(A).size()).isBetween(1L, 10L);
  }

  @Test
  void concurrentWriters_leaveTheTenantWithinItsQuota() throws Exception {
    int quota = 50;
    int threads = 8;
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .storeByValue(false)
        .maximumSizePerTenant(quota));
    Cache<Integer, String> acme = admin(cache).forTenant(A);
    ExecutorService executor =
        Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(executor.submit(() -> {
          assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
          for (int i = 0; i < 20_000; i++) {
            acme.put(thread * 1_000_000 + i, "v");
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    int held = entries(acme).size();
    assertThat(admin(cache).statistics(A).size()).isEqualTo(held);
    assertThat(held).as("acme's entries once all writers are done").isLessThanOrEqualTo(quota);
  }

  /**
   * Tenant A scans 10 × C distinct keys through a cache of capacity C while tenant B reads a hot
   * set of C / 10 keys (cache-aside: a miss puts the key back), one B read per A write, round
   * robin. Returns B's hit rate over the scan.
   */
  private double hotTenantHitRateDuringScan(boolean quota) {
    int capacity = 2_000;
    int hotKeys = capacity / 10;
    TenantCacheConfiguration.Builder<Integer, Integer> builder =
        fixture.builder(Integer.class, Integer.class).storeByValue(false).maximumSize(capacity);
    if (quota) {
      builder.maximumTenantShare(0.5);
    }
    Cache<Integer, Integer> cache = fixture.create(builder);
    Cache<Integer, Integer> scanner = admin(cache).forTenant(A);
    Cache<Integer, Integer> reader = admin(cache).forTenant(B);
    for (int key = 0; key < hotKeys; key++) {
      reader.put(key, key);
    }

    long hits = 0;
    long gets = 0;
    for (int i = 0; i < 10 * capacity; i++) {
      scanner.put(1_000_000 + i, i);
      int key = i % hotKeys;
      Integer value = reader.get(key);
      gets++;
      if (value != null) {
        assertThat(value).isEqualTo(key);
        hits++;
      } else {
        reader.put(key, key);
      }
    }
    // the scan did overflow the cache: entries were dropped to stay within its capacity
    assertThat(admin(cache).statistics(A).size() + admin(cache).statistics(B).size())
        .isLessThanOrEqualTo(capacity);
    if (quota) {
      assertThat(admin(cache).statistics(A).size()).isLessThanOrEqualTo(capacity / 2);
      assertThat(admin(cache).statistics(B).size()).isEqualTo(hotKeys);
    }
    return (double) hits / gets;
  }

  @Test
  void scanningTenant_withQuota_doesNotFlushTheHotTenant() {
    double withQuota = hotTenantHitRateDuringScan(true);
    double withoutQuota = hotTenantHitRateDuringScan(false);

    System.out.println("quota on: B hit rate = " + withQuota);
    System.out.println("quota off: B hit rate = " + withoutQuota);
    assertThat(withQuota).isGreaterThanOrEqualTo(0.90);
  }
}
