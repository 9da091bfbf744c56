package io.tenantcache.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;

/** The store's seam: every listener registered at assembly hears every change, in order. */
final class StoreListenerTest {
  private final AtomicLong nanos = new AtomicLong(1);

  /** Writes down what it hears, prefixed with its name, into a log shared by all listeners. */
  private record Recorder(String name, List<String> log) implements StoreListener<String, String> {
    @Override
    public void changing(TenantKey<String> key) {
      log.add(name + " changing " + key.tenant() + "/" + key.key());
    }

    @Override
    public void written(TenantKey<String> key) {
      log.add(name + " written " + key.tenant() + "/" + key.key());
    }

    @Override
    public void removed(TenantKey<String> key) {
      log.add(name + " removed " + key.tenant() + "/" + key.key());
    }

    @Override
    public void dropped(TenantKey<String> key, String value, boolean expired) {
      log.add(name + (expired ? " expired " : " evicted ") + key.tenant() + "/" + key.key()
          + "=" + value);
    }

    @Override
    public void tenantRemoved(String tenant) {
      log.add(name + " tenantRemoved " + tenant);
    }
  }

  private Store<String, String> store(long capacity, ExpiryPolicy expiry, List<String> log) {
    TenantCacheConfiguration<String, String> config =
        TenantCacheConfiguration.builder(String.class, String.class)
            .maximumSize(capacity).storeByValue(false)
            .ticker(nanos::get).maintenanceExecutor(Runnable::run).build();
    return Store.create("listened", "default", config, new ExpiryTimes(expiry),
        List.of(new Recorder("a", log), new Recorder("b", log)));
  }

  private static TenantKey<String> key(String tenant, String key) {
    return new TenantKey<>(tenant, key);
  }

  private static Expirable<String> eternal(String value) {
    return Expirable.of(value, Expirable.ETERNAL, false);
  }

  @Test
  void writesAndRemovals_reachEveryListener_inRegistrationOrder() {
    List<String> log = new CopyOnWriteArrayList<>();
    Store<String, String> store = store(100, new EternalExpiryPolicy(), log);

    store.put(key("acme", "k1"), eternal("v1"));
    store.compute(key("acme", "k2"), (k, present) -> eternal("v2"));
    store.compute(key("acme", "k2"), (k, present) -> null);
    store.remove(key("acme", "k1"));

    assertThat(log).containsExactly(
        "a changing acme/k1", "b changing acme/k1", "a written acme/k1", "b written acme/k1",
        "a changing acme/k2", "b changing acme/k2", "a written acme/k2", "b written acme/k2",
        "a changing acme/k2", "b changing acme/k2", "a removed acme/k2", "b removed acme/k2",
        "a changing acme/k1", "b changing acme/k1", "a removed acme/k1", "b removed acme/k1");
  }

  @Test
  void aComputeThatLeavesTheEntryAsItWas_isAChange_butNeitherAWriteNorARemoval() {
    List<String> log = new CopyOnWriteArrayList<>();
    Store<String, String> store = store(100, new EternalExpiryPolicy(), log);
    store.put(key("acme", "k"), eternal("v"));
    log.clear();

    store.compute(key("acme", "k"), (k, present) -> present);
    store.compute(key("acme", "absent"), (k, present) -> null);

    // A load in flight for either key must still not store its value afterwards.
    assertThat(log).containsExactly("a changing acme/k", "b changing acme/k",
        "a changing acme/absent", "b changing acme/absent");
  }

  @Test
  void aLoadedValue_isNotAWrite() {
    List<String> log = new CopyOnWriteArrayList<>();
    Store<String, String> store = store(100, new EternalExpiryPolicy(), log);

    store.storeIfAbsent(key("acme", "k"), k -> eternal("loaded"));

    assertThat(store.peek(key("acme", "k"))).isNotNull();
    assertThat(log).isEmpty();
  }

  @Test
  void aTenantsRemoval_tellsEachEntry_thenTheTenant_andLeavesOtherTenants() {
    List<String> log = new CopyOnWriteArrayList<>();
    Store<String, String> store = store(100, new EternalExpiryPolicy(), log);
    store.put(key("acme", "k"), eternal("v"));
    store.put(key("globex", "k"), eternal("v"));
    log.clear();

    assertThat(store.removeTenant("acme")).isEqualTo(1);

    assertThat(log).containsExactly("a changing acme/k", "b changing acme/k",
        "a removed acme/k", "b removed acme/k", "a tenantRemoved acme", "b tenantRemoved acme");
    assertThat(store.peek(key("globex", "k"))).isNotNull();
  }

  @Test
  void anEntryEvictedForSize_isDroppedNotExpired() {
    List<String> log = new CopyOnWriteArrayList<>();
    Store<String, String> store = store(2, new EternalExpiryPolicy(), log);
    for (int i = 0; i < 3; i++) {
      store.put(key("acme", "k" + i), eternal("v" + i));
    }
    store.catchUp();

    assertThat(log).filteredOn(line -> line.contains(" evicted ")).hasSize(2)
        .allMatch(line -> line.matches("[ab] evicted acme/k\\d=v\\d"));
    assertThat(log).noneMatch(line -> line.contains(" expired ") || line.contains(" removed "));
  }

  @Test
  void anEntryFoundExpired_isDroppedAsExpired_beforeTheReadReturns() {
    List<String> log = new CopyOnWriteArrayList<>();
    Store<String, String> store =
        store(100, new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 1)), log);
    long ttl = TimeUnit.MILLISECONDS.toNanos(1);
    store.put(key("acme", "k"), Expirable.of("v", nanos.get() + ttl, false));
    log.clear();
    nanos.addAndGet(ttl);

    assertThat(store.read(key("acme", "k"))).isNull();

    assertThat(log).containsExactly("a expired acme/k=v", "b expired acme/k=v");
  }
}
