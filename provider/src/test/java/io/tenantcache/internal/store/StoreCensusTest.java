package io.tenantcache.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.testing.CacheFixture.FakeTicker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;

/**
 * Sizes and tenants of a store whose entries expire: what expired is not counted, whatever
 * Caffeine's own expiry (set later than the entry's) and its background maintenance have done.
 */
final class StoreCensusTest {
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  /**
   * A store of one-minute entries whose background maintenance never runs, so that only the
   * census' own catching up and scan can drop what expired.
   */
  private static Store<String, String> store(FakeTicker ticker) {
    TenantCacheConfiguration<String, String> config =
        TenantCacheConfiguration.builder(String.class, String.class)
            .ticker(ticker).maintenanceExecutor(task -> { }).storeByValue(false).build();
    return Store.create("census", "default", config,
        new ExpiryTimes(new CreatedExpiryPolicy(Duration.ONE_MINUTE)), List.of());
  }

  private static void put(Store<String, String> store, FakeTicker ticker, String tenant,
      String key) {
    store.put(new TenantKey<>(tenant, key), Expirable.of(key, ticker.read() + MINUTE, false));
  }

  @Test
  void sizeAndTenants_leaveOutEntriesPastEvenCaffeinesOwnExpiry_atEveryTimerWheelPhase() {
    // Caffeine hides an entry past its own expiry from iteration and drops it only when its
    // timer wheel turns, so the answer must not depend on where the time falls in a bucket.
    for (long phase = 0; phase < TimeUnit.SECONDS.toNanos(3); phase += 97_000_000L) {
      FakeTicker ticker = new FakeTicker();
      ticker.advance(phase, TimeUnit.NANOSECONDS);
      Store<String, String> store = store(ticker);
      put(store, ticker, "acme", "k1");
      put(store, ticker, "globex", "k1");
      put(store, ticker, "globex", "k2");
      ticker.advance(MINUTE + CaffeineStore.EXPIRY_GRACE, TimeUnit.NANOSECONDS);
      put(store, ticker, "globex", "fresh");

      assertThat(store.size("globex")).as("phase %d ns", phase).isEqualTo(1);
      assertThat(store.size("acme")).as("phase %d ns", phase).isZero();
      assertThat(store.tenants()).as("phase %d ns", phase).containsExactly("globex");
    }
  }
}
