package io.tenantcache.internal.management;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.ObservabilityFixture.platform;
import static io.tenantcache.testing.ObservabilityFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatistics;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.Tenants;
import io.tenantcache.testing.Closer;
import io.tenantcache.testing.ObservabilityFixture;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.management.JMX;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant statistics MBean on the platform MBeanServer: when it is registered (with the
 * standard statistics MXBean), what its attributes and operations show and do, and that it goes
 * away with its cache and its manager.
 */
final class TenantStatisticsMXBeanTest {
  @AutoClose private final Closer closer = new Closer();
  private ObservabilityFixture fixture;

  private ObservabilityFixture fixture(Object... keyValues) {
    fixture = closer.open(new ObservabilityFixture(properties(keyValues)));
    return fixture;
  }

  private TenantStatisticsMXBean bean(String cache) throws Exception {
    return JMX.newMBeanProxy(platform(), fixture.tenantStatisticsName(cache),
        TenantStatisticsMXBean.class);
  }

  /** Gives tenant {@code t<i>} i puts and i hits. */
  private static void activity(Cache<String, String> cache, int tenants) {
    for (int i = 1; i <= tenants; i++) {
      int calls = i;
      Tenants.run("t" + i, () -> {
        for (int j = 0; j < calls; j++) {
          cache.put("k" + j, "v");
          cache.get("k" + j);
        }
      });
    }
  }

  private static Map<String, Object> row(CompositeData row) {
    return row.getCompositeType().keySet().stream()
        .collect(Collectors.toMap(key -> key, row::get));
  }

  // --- registration ------------------------------------------------------------------------------

  @Test
  void registeredAndUnregistered_togetherWithTheStandardStatisticsMXBean() throws Exception {
    fixture();
    fixture.create("users", fixture.builder().statisticsEnabled(false));
    ObjectName tenants = fixture.tenantStatisticsName("users");
    ObjectName standard = fixture.statisticsName("users");
    assertThat(platform().isRegistered(tenants)).isFalse();
    assertThat(platform().isRegistered(standard)).isFalse();

    fixture.manager.enableStatistics("users", true);
    assertThat(platform().isRegistered(tenants)).isTrue();
    assertThat(platform().isRegistered(standard)).isTrue();

    fixture.manager.enableStatistics("users", false);
    assertThat(platform().isRegistered(tenants)).isFalse();
    assertThat(platform().isRegistered(standard)).isFalse();

    fixture.manager.getCache("users").unwrap(TenantCache.class);
    fixture.manager.enableStatistics("users", true);
    assertThat(platform().isRegistered(tenants)).isTrue();
  }

  @Test
  void closingTheCache_unregistersItsMBeans() throws Exception {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    Cache<String, String> destroyed = fixture.create("orders", fixture.builder());
    assertThat(platform().isRegistered(fixture.tenantStatisticsName("users"))).isTrue();

    cache.close();
    fixture.manager.destroyCache("orders");

    for (String name : List.of("users", "orders")) {
      assertThat(platform().isRegistered(fixture.tenantStatisticsName(name))).as(name).isFalse();
      assertThat(platform().isRegistered(fixture.statisticsName(name))).as(name).isFalse();
      assertThat(platform().isRegistered(fixture.configurationName(name))).as(name).isFalse();
    }
    assertThat(destroyed.isClosed()).isTrue();
  }

  @Test
  void closingTheManager_unregistersEverything_andReopeningTheSameUriRegistersAgain()
      throws Exception {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    Tenants.run("acme", () -> cache.put("k", "v"));
    ObjectName pattern = new ObjectName("*:CacheManager="
        + ObservabilityFixture.sanitize(fixture.uri.toString()) + ",*");
    assertThat(platform().queryNames(pattern, null)).hasSize(3);

    fixture.manager.close();
    assertThat(platform().queryNames(pattern, null)).isEmpty();

    for (int round = 0; round < 2; round++) {
      fixture.open();
      assertThatCode(() -> fixture.create("users", fixture.builder())).doesNotThrowAnyException();
      assertThat(platform().queryNames(pattern, null)).hasSize(3);
      assertThat(bean("users").getTenants()).as("a fresh cache").isEmpty();
      fixture.manager.close();
      assertThat(platform().queryNames(pattern, null)).isEmpty();
    }
  }

  @Test
  void names_areSanitizedLikeTheStandardOnes() throws Exception {
    fixture();
    fixture.create("a,b=c:d", fixture.builder());

    assertThat(fixture.tenantStatisticsName("a,b=c:d").getKeyProperty("Cache")).isEqualTo("a.b.c.d");
    assertThat(platform().isRegistered(fixture.tenantStatisticsName("a,b=c:d"))).isTrue();
    assertThat(platform().isRegistered(fixture.statisticsName("a,b=c:d"))).isTrue();
  }

  // --- attributes --------------------------------------------------------------------------------

  @Test
  void table_showsTheMostActiveTenants_boundedByTheManagerProperty_andSaysHowManyAreLeftOut()
      throws Exception {
    fixture(TenantCacheProperties.MANAGEMENT_TENANT_TABLE_SIZE, "3");
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    activity(cache, 5);
    Tenants.run("idle", () -> cache.put("k", "v"));
    fixture.manager.enableStatistics("users", false);
    Tenants.run("uncounted", () -> cache.put("k", "v"));
    fixture.manager.enableStatistics("users", true);

    TenantStatisticsMXBean bean = bean("users");
    assertThat(bean.getTenants())
        .containsExactly("idle", "t1", "t2", "t3", "t4", "t5", "uncounted");
    assertThat(bean.getTenantCount()).isEqualTo(7);
    assertThat(bean.getTenantTableLimit()).isEqualTo(3);
    assertThat(bean.getOmittedTenants()).isEqualTo(4);
    TabularData table = bean.getTenantTable();
    assertThat(table.values()).hasSize(3);
    assertThat(table.values()).extracting(row -> ((CompositeData) row).get("tenant"))
        .containsExactlyInAnyOrder("t5", "t4", "t3");
    assertThat(row(table.get(new Object[] {"t4"})))
        .containsEntry("hits", 4L).containsEntry("puts", 4L).containsEntry("size", 4L)
        .containsEntry("hitRate", 1.0);
  }

  @Test
  void table_defaultsTo100Tenants() throws Exception {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    for (int i = 0; i < 120; i++) {
      Tenants.run("tenant-" + i, () -> cache.put("k", "v"));
    }

    TenantStatisticsMXBean bean = bean("users");
    assertThat(bean.getTenantTableLimit()).isEqualTo(100);
    assertThat(bean.getTenantTable().size()).isEqualTo(100);
    assertThat(bean.getOmittedTenants()).isEqualTo(20);
  }

  @Test
  void tenantStatistics_showsWhatTenantCacheStatisticsShows() throws Exception {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));
    Tenants.run("acme", () -> {
      cache.put("a", "1");
      cache.get("a");
      cache.get("b");
      cache.remove("a");
      assertThatThrownBy(() -> cache.get("fail")).isInstanceOf(RuntimeException.class);
    });

    TenantStatistics expected = admin(cache).statistics("acme");
    Map<String, Object> actual = row(bean("users").tenantStatistics("acme"));

    assertThat(actual)
        .containsEntry("tenant", "acme")
        .containsEntry("size", expected.size())
        .containsEntry("hits", 1L)
        .containsEntry("misses", 2L)
        .containsEntry("hitRate", 1.0 / 3)
        .containsEntry("puts", 1L)
        .containsEntry("removals", 1L)
        .containsEntry("evictions", 0L)
        .containsEntry("expirations", 0L)
        .containsEntry("loads", 1L)
        .containsEntry("loadFailures", 1L)
        .containsEntry("staleLoads", 0L)
        .containsEntry("averageGetTime", expected.averageGetMicros())
        .containsEntry("averageLoadTime", expected.averageLoadMicros());
    assertThat(actual.get("size")).isEqualTo(1L);
    assertThat((Float) actual.get("averageGetTime")).isPositive();
    assertThat(row(bean("users").tenantStatistics("nobody")))
        .containsEntry("hits", 0L).containsEntry("size", 0L);
  }

  // --- operations --------------------------------------------------------------------------------

  @Test
  void clearTenant_removesThatTenantsEntriesOnly() throws Exception {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    activity(cache, 3);

    bean("users").clearTenant("t2");

    assertThat(admin(cache).statistics("t2").size()).isZero();
    assertThat(admin(cache).statistics("t3").size()).isEqualTo(3);
    assertThat(admin(cache).statistics("t2").puts()).as("counters stay").isEqualTo(2);
  }

  @Test
  void resetTenantStatistics_zeroesThatTenant_andTheCacheTotalsKeepItsCounts() throws Exception {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    activity(cache, 3);

    bean("users").resetTenantStatistics("t3");

    assertThat(row(bean("users").tenantStatistics("t3")))
        .containsEntry("hits", 0L).containsEntry("puts", 0L).containsEntry("size", 3L);
    assertThat(admin(cache).statistics("t2").hits()).isEqualTo(2);
    assertThat(platform().getAttribute(fixture.statisticsName("users"), "CacheHits"))
        .isEqualTo(6L);
  }

  @Test
  void resetTenantStatistics_ofTheDefaultTenant_countsItsLaterCallsIntoFreshCounters()
      throws Exception {
    fixture();
    Cache<String, String> cache = fixture.create("users", fixture.builder());
    cache.put("k", "v");
    cache.get("k");
    cache.get("k");

    bean("users").resetTenantStatistics(Tenants.DEFAULT_TENANT);
    for (int i = 0; i < 3; i++) {
      cache.get("k");
    }

    assertThat(admin(cache).statistics(Tenants.DEFAULT_TENANT).hits()).isEqualTo(3);
    assertThat(platform().getAttribute(fixture.statisticsName("users"), "CacheHits"))
        .isEqualTo(5L);
  }

  @Test
  void operations_rejectAnInvalidTenantId() throws Exception {
    fixture();
    fixture.create("users", fixture.builder());
    TenantStatisticsMXBean bean = bean("users");

    assertThatThrownBy(() -> bean.tenantStatistics(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> bean.clearTenant(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bean.resetTenantStatistics(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mbeanInfo_describesAttributesAndNamesTheTenantParameter() throws Exception {
    fixture();
    fixture.create("users", fixture.builder());

    MBeanInfo info = platform().getMBeanInfo(fixture.tenantStatisticsName("users"));

    assertThat(Arrays.stream(info.getAttributes()).map(a -> a.getName()))
        .containsExactlyInAnyOrder("Tenants", "TenantCount", "TenantTable", "TenantTableLimit",
            "OmittedTenants");
    assertThat(Arrays.stream(info.getAttributes()))
        .allSatisfy(attribute -> assertThat(attribute.getDescription()).isNotBlank()
            .isNotEqualTo("Attribute exposed for management"));
    assertThat(Arrays.stream(info.getOperations()).map(MBeanOperationInfo::getName))
        .containsExactlyInAnyOrder("tenantStatistics", "clearTenant", "resetTenantStatistics");
    assertThat(Arrays.stream(info.getOperations()))
        .allSatisfy(operation -> assertThat(operation.getSignature()[0].getName())
            .isEqualTo("tenant"));
  }
}
