package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.internal.cache.TenantIsolationStressTest.SloppyKey;
import io.tenantcache.internal.store.TenantKey;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.KeyLoader;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The default tenant's entries with JDK value keys are held under the caller's key itself (no
 * tenant key), and a cache with nothing to count, publish or re-time reads them through a shorter
 * path. Neither may change what any tenant sees.
 */
final class DefaultTenantStorageTest {
  /** A tenant id whose String hash is 0, so its tenant keys hash like their bare keys. */
  private static final String ZERO_HASH_TENANT = "f5a5a608";

  @AutoClose private final CacheFixture fixture = new CacheFixture();

  @Test
  void zeroHashTenant_isItsOwnTenant() {
    assertThat(ZERO_HASH_TENANT.hashCode()).isZero();
  }

  @Test
  void sloppyKeyOfTheDefaultTenant_neverMatchesAnotherTenantsEntry() {
    Cache<Object, String> cache = fixture.create(fixture.builder(Object.class, String.class));
    // The other tenant's entry hashes 7, as a bare SloppyKey does; the sloppy key claims to equal
    // anything, so it must never be looked up bare.
    Tenants.run(ZERO_HASH_TENANT, () -> cache.put(7, "other tenant"));

    assertThat(cache.get(new SloppyKey(1))).isNull();
    assertThat(cache.containsKey(new SloppyKey(1))).isFalse();
    assertThat(cache.getAndPut(new SloppyKey(1), "default")).isNull();
    assertThat(cache.get(new SloppyKey(2))).isEqualTo("default");
    assertThat(as(ZERO_HASH_TENANT, () -> cache.get(7))).isEqualTo("other tenant");
    assertThat(admin(cache).statistics(ZERO_HASH_TENANT).size()).isEqualTo(1);
    assertThat(admin(cache).statistics(Tenants.DEFAULT_TENANT).size()).isEqualTo(1);
  }

  @Test
  void keysOfEveryStrictAndNonStrictClass_roundTripForTheDefaultTenant() {
    Cache<Object, String> cache =
        fixture.create(fixture.builder(Object.class, String.class).storeByValue(false));
    Object[] keys = {1, 2L, "s", (short) 3, (byte) 4, 'c', java.util.UUID.randomUUID(),
        Thread.State.NEW, new SloppyKey(5), new TenantKey<>("acme", "k"), 6.0d};
    for (Object key : keys) {
      cache.put(key, "v-" + key);
    }
    for (Object key : keys) {
      assertThat(cache.get(key)).as("key %s", key).isEqualTo("v-" + key);
    }
    // A key that is itself a TenantKey stays the default tenant's, not acme's.
    assertThat(as("acme", () -> cache.get("k"))).isNull();
    assertThat(admin(cache).tenants()).containsExactly(Tenants.DEFAULT_TENANT);
    assertThat(entries(cache)).hasSize(keys.length);
  }

  @Test
  void defaultTenantEntries_areCountedClearedAndIteratedLikeAnyTenants() {
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class));
    for (int i = 0; i < 10; i++) {
      cache.put(i, "d" + i);
      final int key = i;
      Tenants.run("acme", () -> cache.put(key, "a" + key));
    }
    assertThat(admin(cache).statistics(Tenants.DEFAULT_TENANT).size()).isEqualTo(10);
    assertThat(entries(cache)).hasSize(10).containsEntry(3, "d3");

    admin(cache).clearTenant(Tenants.DEFAULT_TENANT);

    assertThat(entries(cache)).isEmpty();
    assertThat(entries(admin(cache).forTenant("acme"))).hasSize(10).containsEntry(3, "a3");
  }

  @Test
  void evictionsOfDefaultTenantEntries_countForTheDefaultTenant() {
    Cache<Integer, String> cache =
        fixture.create(fixture.builder(Integer.class, String.class).maximumSize(50));
    for (int i = 0; i < 500; i++) {
      cache.put(i, "v" + i);
    }
    long held = entries(cache).size();
    assertThat(held).isLessThanOrEqualTo(50);
    assertThat(admin(cache).statistics(Tenants.DEFAULT_TENANT).size()).isEqualTo(held);
  }

  @Test
  void defaultTenantSize_isExactAfterOtherTenantsAddEvictAndClear() {
    // Without a quota the default tenant's size is the total less the other tenants' counts.
    Cache<Integer, String> cache =
        fixture.create(fixture.builder(Integer.class, String.class).maximumSize(40));
    TenantCache<Integer, String> admin = admin(cache);
    for (int i = 0; i < 200; i++) {
      final int key = i;
      cache.put(key, "d" + key);
      Tenants.run("acme", () -> cache.put(key, "a" + key));
      if (i % 3 == 0) {
        cache.remove(key - 1);
        Tenants.run("acme", () -> cache.remove(key - 2));
      }
    }
    long acme = entries(admin.forTenant("acme")).size();
    assertThat(admin.statistics(Tenants.DEFAULT_TENANT).size()).isEqualTo(entries(cache).size());
    assertThat(admin.statistics("acme").size()).isEqualTo(acme);
    assertThat(entries(cache).size() + acme).isLessThanOrEqualTo(40);

    admin.clearTenant(Tenants.DEFAULT_TENANT);
    assertThat(admin.statistics(Tenants.DEFAULT_TENANT).size()).isZero();
    assertThat(admin.tenants()).containsExactly("acme");

    cache.put(1, "back");
    admin.clearTenant("acme");
    assertThat(admin.statistics(Tenants.DEFAULT_TENANT).size()).isEqualTo(1);
    assertThat(admin.tenants()).containsExactly(Tenants.DEFAULT_TENANT);
  }

  @Test
  void defaultTenantSize_isExactAfterEntriesOfTwoTenantsExpire() {
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10))));
    TenantCache<Integer, String> admin = admin(cache);
    for (int i = 0; i < 5; i++) {
      final int key = i;
      cache.put(key, "d" + key);
      Tenants.run("acme", () -> cache.put(key, "a" + key));
    }
    fixture.ticker.advance(5, TimeUnit.SECONDS);
    cache.put(100, "late");
    Tenants.run("acme", () -> cache.put(100, "late"));
    assertThat(admin.statistics(Tenants.DEFAULT_TENANT).size()).isEqualTo(6);

    // Past the first entries' expiry by more than Caffeine's timer wheel's finest tick (~1.07 s).
    fixture.ticker.advance(7, TimeUnit.SECONDS);
    assertThat(admin.statistics(Tenants.DEFAULT_TENANT).size()).isEqualTo(1);
    assertThat(admin.statistics("acme").size()).isEqualTo(1);

    fixture.ticker.advance(10, TimeUnit.SECONDS);
    assertThat(admin.statistics(Tenants.DEFAULT_TENANT).size()).isZero();
    assertThat(admin.tenants()).isEmpty();
  }

  @Test
  void statisticsTurnedOnAndOffLater_countOnlyTheGetsInBetween() {
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class));
    cache.put(1, "one");
    cache.get(1); // not counted: statistics are off

    fixture.manager.enableStatistics(cache.getName(), true);
    cache.get(1);
    cache.get(2);
    fixture.manager.enableStatistics(cache.getName(), false);
    cache.get(1);
    cache.get(2);

    TenantStatistics counted = admin(cache).statistics(Tenants.DEFAULT_TENANT);
    assertThat(counted.hits()).isEqualTo(1);
    assertThat(counted.misses()).isEqualTo(1);
  }

  @Test
  void listenerRegisteredLater_seesTheLoadsOfPlainMisses() {
    AtomicInteger created = new AtomicInteger();
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .readThrough(FactoryBuilder.factoryOf(new Echo())));
    assertThat(cache.get(1)).isEqualTo("1");

    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(
            (CacheEntryCreatedListener<Integer, String> & Serializable)
                events -> events.forEach(event -> created.incrementAndGet())),
        null, false, true));
    assertThat(cache.get(2)).isEqualTo("2");

    assertThat(created).hasValue(1);
  }

  @Test
  void accessExpiry_isAppliedOnEveryHit() {
    CacheFixture.FakeTicker ticker = fixture.ticker;
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .expiryPolicy(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10))));
    cache.put(1, "one");
    for (int i = 0; i < 5; i++) {
      ticker.advance(8, TimeUnit.SECONDS);
      assertThat(cache.get(1)).as("read %d, each within 10 s of the last", i).isEqualTo("one");
    }
    ticker.advance(11, TimeUnit.SECONDS);
    assertThat(cache.get(1)).isNull();
  }

  @Test
  void closedCache_refusesReadsOfThePlainPath() {
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class));
    cache.put(1, "one");
    cache.close();

    assertThatThrownBy(() -> cache.get(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void plainPath_stillChecksTheKeyType() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Cache<Object, String> raw = (Cache) fixture.create(
        fixture.builder(Integer.class, String.class));
    assertThatThrownBy(() -> raw.get("not an integer")).isInstanceOf(ClassCastException.class)
        .hasMessageContaining("java.lang.Integer");
  }

  /** Loads every key as its decimal string. */
  static final class Echo implements KeyLoader<Integer, String>, Serializable {
    @Override
    public String load(Integer key) {
      return key.toString();
    }
  }
}
