package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.management.JMException;
import org.junit.jupiter.api.Test;

/**
 * The tenant figures of {@code TenantCache.statistics(tenant)} and the manager-wide operations:
 * per-tenant counts that add up to the standard MXBean's, evictions charged to the tenants that
 * lost entries, sizes with statistics off, {@code evictTenant} and the manager's tenant list.
 */
final class TenantAdminStatisticsTest extends TenantAdminSupport {

  // --- statistics(tenant) ---------------------------------------------------------------------

  @Test
  void statistics_countEachTenantSeparately_andTheMXBeanShowsTheirSum() throws JMException {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .statisticsEnabled(true)
        .readThrough(FailingForBoomLoader::new)
        .maximumSizePerTenant(20));
    TenantCache<String, String> admin = admin(cache);

    // acme: 2 puts, 2 hits, 1 removal, then 2 misses: one load and one load failure
    Tenants.run(A, () -> {
      cache.put("k1", "v1");
      cache.put("k2", "v2");
      cache.get("k1");
      cache.get("k2");
      cache.remove("k2");
    });
    TenantStatistics acmeBeforeLoads = admin.statistics(A);
    assertThat(acmeBeforeLoads.hits()).isEqualTo(2);
    assertThat(acmeBeforeLoads.misses()).isZero();
    assertThat(acmeBeforeLoads.puts()).isEqualTo(2);
    assertThat(acmeBeforeLoads.removals()).isEqualTo(1);
    assertThat(acmeBeforeLoads.loads()).isZero();
    assertThat(acmeBeforeLoads.size()).isEqualTo(1);

    Tenants.run(A, () -> {
      assertThat(cache.get("x")).isEqualTo("loaded:acme:x");
      assertThatThrownBy(() -> cache.get("boom")).isInstanceOf(CacheLoaderException.class);
    });

    // globex: 1 put, 1 hit, 1 removal, 1 miss that loads
    Tenants.run(B, () -> {
      cache.put("k1", "w1");
      cache.get("k1");
      cache.remove("k1");
      cache.remove("k1");
      assertThat(cache.get("y")).isEqualTo("loaded:globex:y");
    });

    // initech: 50 puts over a quota of 20
    Tenants.run(C, () -> {
      for (int i = 0; i < 50; i++) {
        cache.put("c" + i, "v" + i);
      }
    });

    TenantStatistics acme = admin.statistics(A);
    TenantStatistics globex = admin.statistics(B);
    TenantStatistics initech = admin.statistics(C);

    assertThat(acme.tenant()).isEqualTo(A);
    assertThat(acme.hits()).isEqualTo(2);
    assertThat(acme.misses()).isEqualTo(2);
    assertThat(acme.removals()).isEqualTo(1);
    assertThat(acme.loads()).isEqualTo(1);
    assertThat(acme.loadFailures()).isEqualTo(1);
    assertThat(acme.evictions()).isZero();
    assertThat(acme.size()).isEqualTo(2);

    assertThat(globex.hits()).isEqualTo(1);
    assertThat(globex.misses()).isEqualTo(1);
    assertThat(globex.removals()).isEqualTo(1);
    assertThat(globex.loads()).isEqualTo(1);
    assertThat(globex.loadFailures()).isZero();
    assertThat(globex.evictions()).isZero();
    assertThat(globex.size()).isEqualTo(1);

    assertThat(initech.puts()).isEqualTo(50);
    assertThat(initech.size()).isBetween(1L, 20L);
    assertThat(initech.evictions()).isEqualTo(50 - initech.size());
    assertThat(initech.hits() + initech.misses() + initech.loads()).isZero();

    List<TenantStatistics> all = List.of(acme, globex, initech);
    assertThat(fixture.statistic(cache, "CacheHits")).isEqualTo(sum(all, TenantStatistics::hits));
    assertThat(fixture.statistic(cache, "CacheMisses"))
        .isEqualTo(sum(all, TenantStatistics::misses));
    assertThat(fixture.statistic(cache, "CacheGets")).isEqualTo(sum(all, TenantStatistics::gets));
    assertThat(fixture.statistic(cache, "CachePuts")).isEqualTo(sum(all, TenantStatistics::puts));
    assertThat(fixture.statistic(cache, "CacheRemovals"))
        .isEqualTo(sum(all, TenantStatistics::removals));
    assertThat(fixture.statistic(cache, "CacheEvictions"))
        .isEqualTo(sum(all, TenantStatistics::evictions));
    assertThat(fixture.statistic(cache, "CacheEvictions")).isEqualTo(initech.evictions());
    // (last: iterating counts as reads)
    assertThat(entries(admin.forTenant(C))).hasSize((int) initech.size());
  }

  @Test
  void statistics_evictionsForTheCacheBound_goToTheTenantsThatLostEntries() throws JMException {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .maximumSize(50)
        .statisticsEnabled(true));
    TenantCache<String, String> admin = admin(cache);
    Tenants.run(A, () -> {
      for (int i = 0; i < 30; i++) {
        cache.put("a" + i, "v");
      }
    });
    Tenants.run(B, () -> {
      for (int i = 0; i < 200; i++) {
        cache.put("b" + i, "v");
      }
    });

    long evicted = 0;
    long held = 0;
    for (String tenant : List.of(A, B)) {
      TenantStatistics statistics = admin.statistics(tenant);
      assertThat(statistics.evictions()).as("%s's evictions", tenant)
          .isEqualTo(statistics.puts() - statistics.size());
      assertThat(entries(admin.forTenant(tenant))).hasSize((int) statistics.size());
      evicted += statistics.evictions();
      held += statistics.size();
    }
    assertThat(held).isLessThanOrEqualTo(50);
    assertThat(evicted).isEqualTo(230 - held);
    assertThat(fixture.statistic(cache, "CacheEvictions")).isEqualTo(evicted);
  }

  @Test
  void statistics_mxBeanNameIsTheStandardSanitizedOne() throws JMException {
    Cache<String, String> cache = fixture.create(
        fixture.builder(String.class, String.class).statisticsEnabled(true));
    Tenants.run(A, () -> cache.put("k", "v"));

    // the fixture's URI holds ':' that the standard name replaces with '.'
    assertThat(fixture.manager.getURI().toString()).contains(":");
    assertThat(fixture.statisticsName(cache).getKeyProperty("CacheManager")).doesNotContain(":");
    assertThat(fixture.statistic(cache, "CachePuts")).isEqualTo(1L);
  }

  @Test
  void statistics_ofATenantNeverCounted_areZeroButItsSize() {
    Cache<String, String> cache = fixture.create(
        fixture.builder(String.class, String.class).statisticsEnabled(true));
    fill(cache, A, "k1");

    TenantStatistics nobody = admin(cache).statistics("nobody");

    assertThat(nobody.tenant()).isEqualTo("nobody");
    assertThat(List.of(nobody.hits(), nobody.misses(), nobody.puts(), nobody.removals(),
        nobody.evictions(), nobody.expirations(), nobody.loads(), nobody.loadFailures(),
        nobody.size())).containsOnly(0L);
    assertThat(List.of(nobody.averageGetMicros(), nobody.averagePutMicros(),
        nobody.averageRemoveMicros(), nobody.averageLoadMicros())).containsOnly(0f);
  }

  @Test
  void statistics_sizeIsExactEvenWithStatisticsOff() {
    Cache<String, String> cache = fixture.strings();
    fill(cache, A, "k1", "k2", "k3");

    TenantStatistics acme = admin(cache).statistics(A);

    assertThat(acme.size()).isEqualTo(3);
    assertThat(acme.puts()).isZero();
  }

  // --- TenantCacheManager: evictTenant and tenants() -----------------------------------------

  @Test
  void evictTenant_emptiesTheTenantInEveryCacheAndNothingElse() {
    TenantCacheManager manager = fixture.manager.unwrap(TenantCacheManager.class);
    RecordingListener<String, String> listener = new RecordingListener<>();
    RecordingWriter<String, String> writer = new RecordingWriter<>();
    Cache<String, String> first = fixture.create(fixture.builder(String.class, String.class)
        .writeThrough(() -> writer)
        .addListener(listener.configuration(true)));
    Cache<Integer, String> second = fixture.create(fixture.builder(Integer.class, String.class));
    fill(first, A, "k1", "k2");
    fill(first, B, "k1");
    Tenants.run(A, () -> second.put(1, "a"));
    Tenants.run(C, () -> second.put(1, "c"));
    int eventsBefore = listener.events().size();
    int writesBefore = writer.calls().size();
    assertThat(manager.tenants()).containsExactly(A, B, C);

    Tenants.run(B, () -> manager.evictTenant(A));

    assertThat(admin(first).tenants()).containsExactly(B);
    assertThat(admin(second).tenants()).containsExactly(C);
    assertThat(entries(admin(first).forTenant(B))).containsOnly(Map.entry("k1", "globex:k1"));
    assertThat(entries(admin(second).forTenant(C))).containsOnly(Map.entry(1, "c"));
    assertThat(entries(admin(first).forTenant(A))).isEmpty();
    assertThat(entries(admin(second).forTenant(A))).isEmpty();
    assertThat(manager.tenants()).containsExactly(B, C);
    assertThat(listener.events()).hasSize(eventsBefore);
    assertThat(writer.calls()).hasSize(writesBefore);
  }

  @Test
  void evictTenant_invalidId_throwsIllegalArgument() {
    TenantCacheManager manager = fixture.manager.unwrap(TenantCacheManager.class);

    assertThatThrownBy(() -> manager.evictTenant("  "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void managerTenants_isTheUnionOverItsCaches() {
    TenantCacheManager manager = fixture.manager.unwrap(TenantCacheManager.class);
    Cache<String, String> first = fixture.strings();
    Cache<String, String> second = fixture.strings();
    Cache<String, String> third = fixture.strings();
    assertThat(manager.tenants()).isEmpty();

    fill(first, A, "k");
    fill(second, B, "k");
    fill(second, A, "k");
    fill(third, C, "k");

    assertThat(manager.tenants()).containsExactlyInAnyOrder(A, B, C);
    Set<String> union = Stream.of(first, second, third)
        .flatMap(cache -> admin(cache).tenants().stream())
        .collect(Collectors.toSet());
    assertThat(manager.tenants()).isEqualTo(union);

    admin(third).clearTenant(C);
    assertThat(manager.tenants()).containsExactlyInAnyOrder(A, B);
  }
}
