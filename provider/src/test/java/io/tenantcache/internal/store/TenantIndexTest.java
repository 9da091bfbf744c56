package io.tenantcache.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.testing.CacheFixture.FakeTicker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;

/**
 * A store that indexes each tenant's entries (a clustered cache's) removes a tenant by visiting
 * that tenant's entries only, and removes all of them, whichever way they came and went: puts,
 * computes, loads, removals, expiry, eviction for size, and all of these at once on many threads.
 */
final class TenantIndexTest {
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private static Store<String, String> store(FakeTicker ticker, long maximumSize) {
    TenantCacheConfiguration<String, String> config =
        TenantCacheConfiguration.builder(String.class, String.class).maximumSize(maximumSize)
            .ticker(ticker).maintenanceExecutor(Runnable::run).storeByValue(false).build();
    return Store.create("indexed", "default", config,
        new ExpiryTimes(new CreatedExpiryPolicy(Duration.ONE_MINUTE)), List.of(), true);
  }

  private static Expirable<String> value(FakeTicker ticker, String value) {
    return Expirable.of(value, ticker.read() + MINUTE, false);
  }

  @Test
  void removeTenant_removesEveryEntryOfTheTenant_andNoOther_whicheverWayTheyCame() {
    FakeTicker ticker = new FakeTicker();
    Store<String, String> store = store(ticker, 1_000);
    for (String tenant : List.of("default", "acme", "globex")) {
      for (int i = 0; i < 50; i++) {
        TenantKey<String> key = new TenantKey<>(tenant, "k" + i);
        switch (i % 3) {
          case 0 -> store.put(key, value(ticker, "put"));
          case 1 -> store.compute(key, (k, present) -> value(ticker, "computed"));
          default -> store.storeIfAbsent(key, k -> value(ticker, "loaded"));
        }
      }
      store.remove(new TenantKey<>(tenant, "k0"));
      store.compute(new TenantKey<>(tenant, "k1"), (k, present) -> null);
      store.put(new TenantKey<>(tenant, "k2"), value(ticker, "replaced"));
    }

    assertThat(store.removeTenant("acme")).isEqualTo(48);

    assertThat(store.keys("acme")).isEmpty();
    assertThat(store.keys("globex")).hasSize(48);
    assertThat(store.keys("default")).hasSize(48);
    assertThat(store.removeTenant("default")).isEqualTo(48);
    assertThat(store.keys("default")).isEmpty();
    assertThat(store.keys("globex")).hasSize(48);
  }

  @Test
  void entriesThatExpiredOrWereEvicted_leaveTheIndexToo() {
    FakeTicker ticker = new FakeTicker();
    Store<String, String> store = store(ticker, 100);
    for (int i = 0; i < 1_000; i++) { // ten times the bound: most are evicted
      store.put(new TenantKey<>("acme", "k" + i), value(ticker, "v"));
    }
    store.put(new TenantKey<>("acme", "expiring"), value(ticker, "v"));
    ticker.advance(MINUTE + 1, TimeUnit.NANOSECONDS);
    assertThat(store.read(new TenantKey<>("acme", "expiring"))).isNull(); // removed as expired
    store.settle();

    TenantLedger ledger = ((CaffeineStore<String, String>) store).ledgerForTests();
    assertThat(ledger.slotsOf("acme")).as("no slot left behind by an eviction or an expiry")
        .hasSizeLessThanOrEqualTo(100);
    store.removeTenant("acme");
    assertThat(ledger.slotsOf("acme")).isEmpty();
    assertThat(store.tenants()).isEmpty();
  }

  @Test
  void aTenantRemovedWhileOthersWrite_leavesNoneOfItsEntriesThatWereWrittenBefore()
      throws Exception {
    FakeTicker ticker = new FakeTicker();
    Store<String, String> store = store(ticker, 5_000);
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger failures = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Random random = new Random(t);
      Thread writer = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 20_000; i++) {
            TenantKey<String> key = new TenantKey<>("t" + random.nextInt(4),
                "k" + random.nextInt(500));
            switch (random.nextInt(4)) {
              case 0 -> store.put(key, value(ticker, "v"));
              case 1 -> store.remove(key);
              case 2 -> store.storeIfAbsent(key, k -> value(ticker, "loaded"));
              default -> store.compute(key,
                  (k, present) -> (present == null) ? value(ticker, "c") : null);
            }
          }
        } catch (RuntimeException | InterruptedException e) {
          failures.incrementAndGet();
        }
      });
      writer.start();
      writers.add(writer);
    }
    start.countDown();
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(failures).hasValue(0);

    for (String tenant : List.of("t0", "t1", "t2", "t3")) {
      Set<String> held = new HashSet<>(store.keys(tenant));
      assertThat(store.removeTenant(tenant)).as(tenant).isEqualTo(held.size());
      assertThat(store.keys(tenant)).as(tenant).isEmpty();
    }
    assertThat(store.size()).isZero();
    for (Map.Entry<TenantKey<String>, Expirable<String>> entry : store.entries()) {
      throw new AssertionError("left behind: " + entry.getKey());
    }
  }
}
