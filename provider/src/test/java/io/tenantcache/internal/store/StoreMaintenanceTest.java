package io.tenantcache.internal.store;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.expiry.EternalExpiryPolicy;
import org.junit.jupiter.api.Test;

/**
 * Where Caffeine's maintenance runs: never on a reader. A reader of a full cache hands the
 * draining of its read buffers to the background executor; the store counts what that executor
 * evicts, and a reader of sizes catches up with it first.
 */
final class StoreMaintenanceTest {
  private static final int CAPACITY = 1_024;

  /** Hears where maintenance ran and what it evicted. */
  private static final class Sink implements StoreListener<Integer, Integer> {
    final Set<Thread> maintainedOn = ConcurrentHashMap.newKeySet();
    final AtomicLong evicted = new AtomicLong();
    volatile CountDownLatch maintained = new CountDownLatch(1);

    @Override
    public void dropped(TenantKey<Integer> key, Integer value, boolean expired) {
      evicted.incrementAndGet();
    }

    @Override
    public void maintained() {
      maintainedOn.add(Thread.currentThread());
      maintained.countDown();
    }
  }

  private static Store<Integer, Integer> store(Sink sink) {
    TenantCacheConfiguration<Integer, Integer> config =
        TenantCacheConfiguration.builder(Integer.class, Integer.class)
            .maximumSize(CAPACITY).storeByValue(false).build();
    return Store.create("maintenance", "default", config,
        new ExpiryTimes(new EternalExpiryPolicy()), List.of(sink));
  }

  @Test
  void readsOfAFullCache_runMaintenanceOnTheBackgroundExecutor_neverOnTheReader()
      throws InterruptedException {
    Sink sink = new Sink();
    Store<Integer, Integer> store = store(sink);
    for (int key = 0; key < CAPACITY * 3 / 4; key++) {
      store.put(new TenantKey<>("default", key), Expirable.of(key, Expirable.ETERNAL, false));
    }
    store.catchUp();
    sink.maintainedOn.clear();
    sink.maintained = new CountDownLatch(1);

    // Enough reads to fill Caffeine's read buffers many times over: each fill asks for a drain.
    for (int round = 0; round < 100; round++) {
      for (int key = 0; key < CAPACITY * 3 / 4; key++) {
        assertThat(store.readValue("default", key)).isEqualTo(key);
      }
    }

    assertThat(sink.maintained.await(10, SECONDS))
        .as("the reads asked the background executor for maintenance").isTrue();
    assertThat(sink.maintainedOn).doesNotContain(Thread.currentThread());
  }

  @Test
  void sizeAndTenants_includeEveryEvictionOfWritesThatReturned_withoutWaiting() {
    Sink sink = new Sink();
    Store<Integer, Integer> store = store(sink);
    int puts = CAPACITY * 4;
    for (int key = 0; key < puts; key++) {
      store.put(new TenantKey<>(key % 2 == 0 ? "default" : "acme", key),
          Expirable.of(key, Expirable.ETERNAL, false));
    }

    long acme = store.size("acme");
    long defaults = store.size("default");

    assertThat(acme + defaults).isLessThanOrEqualTo(CAPACITY);
    assertThat(sink.evicted.get()).isEqualTo(puts - acme - defaults);
    assertThat(store.tenants()).containsExactlyInAnyOrder("acme", "default");
  }
}
