package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.entries;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.TestPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code clearTenant} removes exactly one tenant's entries, and other tenants keep working while
 * it runs.
 */
final class TenantClearTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool executor = TestPool.fixed(2);



  private static String tenant(int i) {
    return "t" + i;
  }

  @Test
  void clearTenant_amongOneHundredThousandEntries_removesExactlyThatTenantsEntries() {
    int tenants = 100;
    int perTenant = 1_000;
    Cache<Integer, Integer> cache = fixture.create(fixture.builder(Integer.class, Integer.class)
        .storeByValue(false)
        .maximumSize(200_000));
    TenantCache<Integer, Integer> admin = admin(cache);
    for (int t = 0; t < tenants; t++) {
      Cache<Integer, Integer> view = admin.forTenant(tenant(t));
      for (int key = 0; key < perTenant; key++) {
        view.put(key, t * perTenant + key);
      }
    }
    assertThat(admin.tenants()).hasSize(tenants);

    admin.clearTenant(tenant(42));

    assertThat(admin.tenants()).hasSize(tenants - 1).doesNotContain(tenant(42));
    assertThat(admin.statistics(tenant(42)).size()).isZero();
    Cache<Integer, Integer> cleared = admin.forTenant(tenant(42));
    for (int key = 0; key < perTenant; key++) {
      assertThat(cleared.containsKey(key)).isFalse();
    }
    assertThat(entries(cleared)).isEmpty();
    long total = 0;
    for (int t = 0; t < tenants; t++) {
      if (t != 42) {
        assertThat(admin.statistics(tenant(t)).size()).as("size of %s", tenant(t))
            .isEqualTo(perTenant);
        total += admin.statistics(tenant(t)).size();
      }
    }
    assertThat(total).isEqualTo((long) (tenants - 1) * perTenant);
    for (int t : new int[] {0, 41, 43, 99}) {
      Cache<Integer, Integer> view = admin.forTenant(tenant(t));
      for (int key = 0; key < perTenant; key++) {
        assertThat(view.get(key)).isEqualTo(t * perTenant + key);
      }
    }
  }

  /**
   * A key whose {@code hashCode} pauses the clearing thread once it has hashed {@code pauseAt}
   * keys: the store hashes a key to remove it, so the clear is then half done and stays so until
   * the test lets it go on.
   */
  static final class PausingKey {
    final int id;
    final Pause pause;

    PausingKey(int id, Pause pause) {
      this.id = id;
      this.pause = pause;
    }

    @Override
    public int hashCode() {
      pause.onHash();
      return Integer.hashCode(id);
    }

    @Override
    public boolean equals(Object o) {
      return (o instanceof PausingKey) && ((PausingKey) o).id == id;
    }
  }

  static final class Pause {
    final int pauseAt;
    volatile Thread target;
    final AtomicInteger hashes = new AtomicInteger();
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);

    Pause(int pauseAt) {
      this.pauseAt = pauseAt;
    }

    void onHash() {
      if (Thread.currentThread() != target || hashes.incrementAndGet() != pauseAt) {
        return;
      }
      paused.countDown();
      try {
        // bounded: if the test never resumes us, the clear goes on after 20 s
        resume.await(20, SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void clearTenant_inProgress_doesNotBlockOtherTenantsGetsAndPuts() throws Exception {
    int bigSize = 50_000;
    Pause pause = new Pause(bigSize / 2);
    Cache<PausingKey, Integer> cache = fixture.create(
        fixture.builder(PausingKey.class, Integer.class)
            .storeByValue(false)
            .maximumSize(200_000));
    TenantCache<PausingKey, Integer> admin = admin(cache);
    Cache<PausingKey, Integer> big = admin.forTenant("big");
    Cache<PausingKey, Integer> small = admin.forTenant("small");
    for (int i = 0; i < bigSize; i++) {
      big.put(new PausingKey(i, pause), i);
    }
    for (int i = 0; i < 100; i++) {
      small.put(new PausingKey(i, pause), -i);
    }

    AtomicBoolean clearFinished = new AtomicBoolean();
    Future<?> clear = executor.submit(() -> {
      pause.target = Thread.currentThread();
      admin.clearTenant("big");
      clearFinished.set(true);
    });
    assertThat(pause.paused.await(10, SECONDS)).as("the clear reached its midpoint").isTrue();
    long bigSizeMidway = admin.statistics("big").size();

    AtomicLong operations = new AtomicLong();
    Future<Boolean> others = executor.submit(() -> {
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 100; i++) {
          PausingKey key = new PausingKey(i, pause);
          Integer value = small.get(key);
          assertThat(value).isEqualTo(-i - round);
          small.put(key, value - 1);
          operations.addAndGet(2);
        }
      }
      small.put(new PausingKey(1_000, pause), 1_000);
      operations.incrementAndGet();
      return clearFinished.get();
    });
    Boolean clearFinishedWhenOthersWereDone;
    try {
      clearFinishedWhenOthersWereDone = others.get(10, SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("another tenant's gets and puts did not complete within 10 s while"
          + " clearTenant was in progress (" + operations.get() + " done): the clear blocks them",
          e);
    } finally {
      pause.resume.countDown();
    }
    clear.get(30, SECONDS);

    assertThat(bigSizeMidway).as("the clear was under way").isStrictlyBetween(0L, (long) bigSize);
    assertThat(clearFinishedWhenOthersWereDone).as("the clear was still in progress").isFalse();
    assertThat(operations).hasValue(2_001);
    assertThat(admin.statistics("big").size()).isZero();
    assertThat(entries(big)).isEmpty();
    assertThat(admin.statistics("small").size()).isEqualTo(101);
    assertThat(admin.tenants()).containsExactly("small");
  }

  /**
   * Not a check: measures {@code clearTenant} and {@code evictTenant} at 1,000,000 entries over
   * 1,000 tenants. Run with {@code -Dtenantcache.measure=true -DargLine=-Xmx4g}.
   */
  @Test
  @EnabledIfSystemProperty(named = "tenantcache.measure", matches = "true")
  void measure_clearTenantAndEvictTenant_atOneMillionEntries() {
    int tenants = 1_000;
    int perTenant = 1_000;
    Cache<Integer, Integer> cache = fixture.create(fixture.builder(Integer.class, Integer.class)
        .storeByValue(false)
        .maximumSize(2_000_000));
    TenantCache<Integer, Integer> admin = admin(cache);
    TenantCacheManager manager = fixture.manager.unwrap(TenantCacheManager.class);
    long fillStart = System.nanoTime();
    for (int t = 0; t < tenants; t++) {
      Cache<Integer, Integer> view = admin.forTenant(tenant(t));
      for (int key = 0; key < perTenant; key++) {
        view.put(key, key);
      }
    }
    System.out.printf("measure: filled %,d entries over %,d tenants in %d ms%n",
        tenants * perTenant, tenants, elapsedMillis(fillStart));

    List<Double> clearMillis = new ArrayList<>();
    List<Double> evictMillis = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      String cleared = tenant(2 * round);
      String evicted = tenant(2 * round + 1);
      long start = System.nanoTime();
      admin.clearTenant(cleared);
      clearMillis.add(elapsedMillisExact(start));
      start = System.nanoTime();
      manager.evictTenant(evicted);
      evictMillis.add(elapsedMillisExact(start));
      assertThat(admin.statistics(cleared).size()).isZero();
      assertThat(admin.statistics(evicted).size()).isZero();
    }
    assertThat(admin.tenants()).hasSize(tenants - 20);
    System.out.println("measure: clearTenant ms (first is cold) = " + format(clearMillis)
        + ", median = " + String.format("%.1f", median(clearMillis)));
    System.out.println("measure: evictTenant ms (first is cold) = " + format(evictMillis)
        + ", median = " + String.format("%.1f", median(evictMillis)));
  }

  private static long elapsedMillis(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static double elapsedMillisExact(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static String format(List<Double> millis) {
    List<String> parts = new ArrayList<>();
    millis.forEach(ms -> parts.add(String.format("%.1f", ms)));
    return parts.toString();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
