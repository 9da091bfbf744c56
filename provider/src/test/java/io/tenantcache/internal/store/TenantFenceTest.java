package io.tenantcache.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.testing.CacheFixture.FakeTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Another replica's clear of a tenant ({@link Store#dropTenant}) hides all of the tenant's entries
 * at once, before any is removed, leaves entries written after it alone, and once the background
 * removal has run leaves no entry of the tenant from before it, also while writers race with it.
 * Each test runs on an eternal store (values held bare) and on an expiring one (held in holders).
 */
final class TenantFenceTest {
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  /** Holds the background removal until the test runs it. */
  private static final class HeldExecutor implements Executor {
    final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      held.add(task);
    }

    void runAll() {
      for (Runnable task; (task = held.poll()) != null; ) {
        task.run();
      }
    }
  }

  /** Records what the store tells its listeners. */
  private static final class Told implements StoreListener<String, String> {
    final List<String> log = new ArrayList<>();

    @Override
    public synchronized void removed(TenantKey<String> key) {
      log.add("removed " + key.tenant() + "/" + key.key());
    }

    @Override
    public synchronized void dropped(TenantKey<String> key, String value, boolean expired) {
      log.add("dropped " + key.tenant() + "/" + key.key());
    }

    @Override
    public synchronized void removingTenant(String tenant) {
      log.add("removingTenant " + tenant);
    }
  }

  private final FakeTicker ticker = new FakeTicker();
  private final HeldExecutor background = new HeldExecutor();
  private final Told told = new Told();
  private boolean eternal;

  private Store<String, String> store(boolean eternal) {
    this.eternal = eternal;
    TenantCacheConfiguration<String, String> config =
        TenantCacheConfiguration.builder(String.class, String.class).maximumSize(100_000)
            .ticker(ticker).maintenanceExecutor(background).storeByValue(false).build();
    ExpiryPolicy policy = eternal ? new EternalExpiryPolicy()
        : new CreatedExpiryPolicy(Duration.ONE_MINUTE);
    return Store.create("fenced", "default", config, new ExpiryTimes(policy), List.of(told),
        true);
  }

  private Expirable<String> value(String value) {
    return eternal ? Expirable.of(value, Expirable.ETERNAL, false)
        : Expirable.of(value, ticker.read() + MINUTE, false);
  }

  private static TenantKey<String> key(String tenant, int i) {
    return new TenantKey<>(tenant, "k" + i);
  }

  private void fill(Store<String, String> store, String tenant, int count, String value) {
    for (int i = 0; i < count; i++) {
      store.put(key(tenant, i), value(value));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void dropTenant_hidesEveryEntryOfTheTenantAtOnce_beforeAnyIsRemoved(boolean eternal) {
    Store<String, String> store = store(eternal);
    fill(store, "acme", 1_000, "old");
    fill(store, "default", 10, "other");
    fill(store, "globex", 10, "other");
    told.log.clear();

    store.dropTenant("acme");

    assertThat(store.size()).as("hidden, not yet removed").isEqualTo(1_020);
    for (int i = 0; i < 1_000; i++) {
      assertThat(store.read(key("acme", i))).isNull();
      assertThat(store.read("acme", "k" + i)).isNull();
      assertThat(store.readValue("acme", "k" + i)).isNull();
      assertThat(store.peek(key("acme", i))).isNull();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(store.readValue("default", "k" + i)).isEqualTo("other");
      assertThat(store.readValue("globex", "k" + i)).isEqualTo("other");
    }
    assertThat(told.log).containsExactly("removingTenant acme");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theBackgroundRemoval_removesTheHiddenEntries_silently_andKeepsTheOtherTenants(
      boolean eternal) {
    Store<String, String> store = store(eternal);
    fill(store, "acme", 1_000, "old");
    fill(store, "globex", 10, "other");
    store.dropTenant("acme");
    told.log.clear();

    background.runAll();

    assertThat(store.size("acme")).isZero();
    assertThat(store.keys("acme")).isEmpty();
    assertThat(store.tenants()).containsExactly("globex");
    assertThat(store.size("globex")).isEqualTo(10);
    assertThat(told.log).as("another replica's clear is not this one's change").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void entriesWrittenAfterTheDrop_areVisible_andSurviveTheRemoval(boolean eternal) {
    Store<String, String> store = store(eternal);
    fill(store, "acme", 100, "old");
    store.dropTenant("acme");

    assertThat(store.put(key("acme", 0), value("put"))).as("the hidden entry is absent").isNull();
    assertThat(store.compute(key("acme", 1), (k, present) -> {
      assertThat(present).isNull();
      return value("computed");
    })).isNotNull();
    store.storeIfAbsent(key("acme", 2), k -> value("loaded"));
    store.put(key("acme", 500), value("new key"));
    assertThat(store.remove(key("acme", 3))).as("removing a hidden entry removes nothing live")
        .isNull();

    assertThat(store.readValue("acme", "k0")).isEqualTo("put");
    assertThat(store.readValue("acme", "k1")).isEqualTo("computed");
    assertThat(store.readValue("acme", "k2")).isEqualTo("loaded");
    background.runAll();
    assertThat(store.keys("acme")).containsExactlyInAnyOrder("k0", "k1", "k2", "k500");
    assertThat(store.size("acme")).isEqualTo(4);
    assertThat(store.readValue("acme", "k1")).isEqualTo("computed");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aSecondDrop_hidesWhatWasWrittenUnderTheFirst(boolean eternal) {
    Store<String, String> store = store(eternal);
    fill(store, "acme", 10, "old");
    store.dropTenant("acme");
    store.put(key("acme", 0), value("between"));
    store.dropTenant("acme");

    assertThat(store.readValue("acme", "k0")).isNull();
    store.put(key("acme", 1), value("after"));
    background.runAll();

    assertThat(store.keys("acme")).containsExactly("k1");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void countsAndListings_finishTheRemovalFirst(boolean eternal) {
    Store<String, String> store = store(eternal);
    fill(store, "acme", 100, "old");
    store.dropTenant("acme");

    assertThat(store.size("acme")).isZero();
    assertThat(store.tenants()).isEmpty();
    assertThat(store.entries()).isEmpty();
    background.runAll(); // the held removal finds nothing left to do
    assertThat(store.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aWriteThatFailsUnderAFence_leavesTheOldEntryHidden(boolean eternal) {
    this.eternal = eternal;
    TenantCacheConfiguration<String, String> config =
        TenantCacheConfiguration.builder(String.class, String.class)
            .maximumWeight(100_000, (key, value) -> {
              if (value.equals("boom")) {
                throw new IllegalStateException("a weigher that fails");
              }
              return 1;
            })
            .ticker(ticker).maintenanceExecutor(background).storeByValue(false).build();
    ExpiryPolicy policy = eternal ? new EternalExpiryPolicy()
        : new CreatedExpiryPolicy(Duration.ONE_MINUTE);
    Store<String, String> store = Store.create("weighed", "default", config,
        new ExpiryTimes(policy), List.of(told), true);
    fill(store, "acme", 3, "old");
    store.dropTenant("acme");

    for (int i = 0; i < 3; i++) {
      int k = i;
      Runnable[] writes = {
          () -> store.put(key("acme", k), value("boom")),
          () -> store.compute(key("acme", k), (key, present) -> value("boom")),
          () -> store.storeIfAbsent(key("acme", k), key -> value("boom"))};
      org.assertj.core.api.Assertions.assertThatThrownBy(writes[i]::run)
          .hasMessageContaining("a weigher that fails");
      assertThat(store.readValue("acme", "k" + i)).as("write %d", i).isNull();
    }
    background.runAll();

    assertThat(store.keys("acme")).as("the failed writes brought nothing back").isEmpty();
  }

  /**
   * Writers race with drops and their removals: once all is done, no entry from before the last
   * drop is left, every entry left is one a writer stored, and the tenant's count is exact.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void writersRacingWithDrops_leaveNoEntryFromBeforeTheLastDrop(boolean eternal)
      throws InterruptedException {
    Store<String, String> store = store(eternal);
    int keys = 2_000;
    for (int round = 0; round < 20; round++) {
      fill(store, "acme", keys, "old");
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(2);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        Thread thread = new Thread(() -> {
          started.countDown();
          // Both writers write every key, in opposite orders, so that they meet on keys.
          for (int n = 0; !stop.get(); n++) {
            int i = (writer == 0) ? n % keys : keys - 1 - n % keys;
            switch (i % 3) {
              case 0 -> store.put(key("acme", i), value("new"));
              case 1 -> store.compute(key("acme", i), (k, present) -> value("new"));
              default -> store.storeIfAbsent(key("acme", i), k -> value("new"));
            }
          }
        });
        thread.start();
        writers.add(thread);
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      store.dropTenant("acme");
      Thread remover = new Thread(background::runAll);
      remover.start();
      remover.join(TimeUnit.SECONDS.toMillis(30));
      stop.set(true);
      for (Thread thread : writers) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
      background.runAll();

      List<String> left = store.keys("acme");
      for (String key : left) {
        assertThat(store.readValue("acme", key)).as("round %d, %s", round, key).isEqualTo("new");
      }
      assertThat(store.size("acme")).isEqualTo(left.size());
      store.removeTenant("acme");
      assertThat(store.size()).isZero();
    }
  }
}
