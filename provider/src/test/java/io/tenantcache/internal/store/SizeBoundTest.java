package io.tenantcache.internal.store;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.entries;
import static io.tenantcache.testing.CacheFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingListener.Seen;
import javax.cache.Cache;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cache bounded to N entries holds about N however many are put, over all tenants together, and
 * counts what it evicted in the standard statistics MXBean. (The store evicts on the calling
 * thread, so no waiting is needed.)
 */
final class SizeBoundTest {
  private static final int N = 100;
  private static final String[] TENANTS = {"a", "b", "c"};

  @AutoClose private final CacheFixture fixture = new CacheFixture();
  private Cache<Integer, Integer> cache;

  @BeforeEach
  void setUp() {
    cache = fixture.create(fixture.builder(Integer.class, Integer.class)
        .maximumSize(N).statisticsEnabled(true));
  }

  private static String tenantOf(int key) {
    return TENANTS[key % TENANTS.length];
  }

  @Test
  void boundedCache_holdsAboutNEntries_after10NPuts() {
    for (int key = 0; key < 10 * N; key++) {
      int k = key;
      Tenants.run(tenantOf(k), () -> cache.put(k, k));
    }
    // The bound is kept by background maintenance: right after the puts some may still be due.
    settle(cache);

    int present = 0;
    for (int key = 0; key < 10 * N; key++) {
      int k = key;
      if (as(tenantOf(k), () -> cache.get(k)) != null) {
        present++;
      }
    }
    int iterated = 0;
    for (String tenant : TENANTS) {
      iterated += entries(admin(cache).forTenant(tenant)).size();
    }

    assertThat(present).isBetween(N / 2, N);
    assertThat(iterated).isEqualTo(present);
  }

  @Test
  void boundedCache_countsEvictionsInStatisticsMXBean() throws Exception {
    for (int key = 0; key < 10 * N; key++) {
      int k = key;
      Tenants.run(tenantOf(k), () -> cache.put(k, k));
    }
    int present = 0;
    for (String tenant : TENANTS) {
      present += entries(admin(cache).forTenant(tenant)).size();
    }

    assertThat(present).isLessThanOrEqualTo(N);
    assertThat(fixture.statistic(cache, "CachePuts")).isEqualTo(10L * N);
    assertThat(fixture.statistic(cache, "CacheEvictions")).isEqualTo(10L * N - present);
    assertThat(fixture.statistic(cache, "CacheRemovals")).isEqualTo(0L);
  }

  @Test
  void boundedCache_evictionsAreNotRemovalsOrExpiries_forListeners() {
    RecordingListener<Integer, Integer> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));

    for (int key = 0; key < 3 * N; key++) {
      cache.put(key, key);
    }

    assertThat(listener.events()).extracting(Seen::type)
        .containsOnly(EventType.CREATED).hasSize(3 * N);
  }
}
