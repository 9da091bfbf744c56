package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.TestPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads and many tenants hammer the same 64 keys with every single-entry operation: no
 * operation under one tenant ever observes a value written under another, even when the keys'
 * hash codes all collide, when their equals is sloppy, and when every tenant id has the same hash
 * code; afterwards each tenant's size matches what its iterator yields.
 */
final class TenantIsolationStressTest {
  private static final int THREADS = 8;
  private static final int KEYS = 64;
  private static final int OPERATIONS_PER_THREAD = 15_000;

  /** 16 tenant ids with one and the same {@code String.hashCode()} ("Aa" and "BB" collide). */
  static final List<String> TENANTS = collidingTenantIds();

  @AutoClose private final CacheFixture fixture = new CacheFixture();
  @AutoClose private final TestPool executor = TestPool.fixed(THREADS);



  static List<String> collidingTenantIds() {
    List<String> ids = new ArrayList<>();
    for (int bits = 0; bits < 16; bits++) {
      StringBuilder id = new StringBuilder();
      for (int block = 0; block < 4; block++) {
        id.append(((bits >> block) & 1) == 0 ? "Aa" : "BB");
      }
      ids.add(id.toString());
    }
    return List.copyOf(ids);
  }

  /** A key whose hash code is the same for every instance. */
  record CollidingKey(int id) implements Serializable {
    @Override
    public int hashCode() {
      return 7;
    }
  }

  /** A key that claims to equal any object at all (and hashes like every other one). */
  record SloppyKey(int id) implements Serializable {
    @Override
    public boolean equals(Object o) {
      return o != null;
    }

    @Override
    public int hashCode() {
      return 7;
    }
  }

  enum KeyKind {
    STRINGS(i -> "key-" + i),
    COLLIDING_HASHES(CollidingKey::new),
    SLOPPY_EQUALS(SloppyKey::new),
    MIXED(i -> switch (i % 3) {
      case 0 -> "key-" + i;
      case 1 -> new CollidingKey(i);
      default -> new SloppyKey(i);
    });

    final IntFunction<Object> key;

    KeyKind(IntFunction<Object> key) {
      this.key = key;
    }
  }

  /** Returns the value a writer stores: it names its tenant first. */
  private static String value(String tenant, int thread, long sequence) {
    return tenant + "#" + thread + "#" + sequence;
  }

  /** Records a violation if {@code observed} was not written under {@code tenant}. */
  private static void check(Queue<String> violations, String tenant, String operation,
      Object key, Object observed) {
    if (observed != null && !(observed instanceof String
        && ((String) observed).startsWith(tenant + "#"))) {
      violations.add(operation + " of " + key + " under " + tenant + " saw " + observed);
    }
  }

  /** Returns the old value and puts a new one that names the bound tenant. */
  static final class TaggingProcessor implements EntryProcessor<Object, String, String> {
    @Override
    public String process(MutableEntry<Object, String> entry,
        Object... arguments) {
      String old = entry.getValue();
      String tenant = (String) arguments[0];
      if (entry.exists() && ((Integer) arguments[2] & 1) == 0) {
        entry.remove();
      } else {
        entry.setValue(tenant + "#invoke#" + arguments[1]);
      }
      return old;
    }
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void concurrentOperationsOnSharedKeys_neverCrossTenants(KeyKind kind) throws Exception {
    Cache<Object, String> cache = fixture.create(fixture.builder(Object.class, String.class)
        .statisticsEnabled(true));
    TenantCache<Object, String> admin = admin(cache);
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicLong operations = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(executor.submit(() -> {
        SplittableRandom random = new SplittableRandom(31L * thread + kind.ordinal());
        assertThat(start.await(10, SECONDS)).isTrue();
        for (long seq = 0; seq < OPERATIONS_PER_THREAD; seq++) {
          String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
          Object key = kind.key.apply(random.nextInt(KEYS));
          String value = value(tenant, thread, seq);
          // Half the time through the bound main view, half through a forTenant view with
          // another tenant bound on the thread.
          boolean pinned = random.nextBoolean();
          String bound = pinned ? TENANTS.get(random.nextInt(TENANTS.size())) : tenant;
          Cache<Object, String> view = pinned ? admin.forTenant(tenant) : cache;
          int op = random.nextInt(12);
          try (Tenants.Scope ignored = Tenants.bind(bound)) {
            switch (op) {
              case 0, 1 -> check(violations, tenant, "get", key, view.get(key));
              case 2 -> view.put(key, value);
              case 3 -> view.putIfAbsent(key, value);
              case 4 -> view.replace(key, value);
              case 5 -> {
                String old = view.get(key);
                check(violations, tenant, "get", key, old);
                if (old != null) {
                  view.replace(key, old, value);
                }
              }
              case 6 -> view.remove(key);
              case 7 -> {
                String old = view.get(key);
                check(violations, tenant, "get", key, old);
                if (old != null) {
                  view.remove(key, old);
                }
              }
              case 8 -> check(violations, tenant, "getAndPut", key, view.getAndPut(key, value));
              case 9 -> check(violations, tenant, "getAndReplace", key,
                  view.getAndReplace(key, value));
              case 10 -> check(violations, tenant, "getAndRemove", key, view.getAndRemove(key));
              default -> check(violations, tenant, "invoke", key,
                  view.invoke(key, new TaggingProcessor(), tenant, seq, random.nextInt()));
            }
            if (!Tenants.current().equals(Optional.of(bound))) {
              violations.add("the binding changed to " + Tenants.current() + " from " + bound);
            }
          }
          operations.incrementAndGet();
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(60, SECONDS);
    }

    assertThat(violations).isEmpty();
    assertThat(operations).hasValue((long) THREADS * OPERATIONS_PER_THREAD);
    long total = 0;
    for (String tenant : TENANTS) {
      // a list, not a map: sloppy keys would merge in a map
      List<Cache.Entry<Object, String>> entries = new ArrayList<>();
      admin.forTenant(tenant).forEach(entries::add);
      entries.forEach(entry -> check(violations, tenant, "iterator", entry.getKey(),
          entry.getValue()));
      assertThat(admin.statistics(tenant).size()).as("size of %s", tenant)
          .isEqualTo(entries.size());
      assertThat(entries.size()).isLessThanOrEqualTo(KEYS);
      if (kind == KeyKind.SLOPPY_EQUALS) {
        assertThat(entries.size()).as("all sloppy keys are one key").isLessThanOrEqualTo(1);
      }
      total += entries.size();
    }
    assertThat(violations).isEmpty();
    assertThat(admin.tenants()).hasSizeLessThanOrEqualTo(TENANTS.size());
    assertThat(total).isPositive();
  }
  @Test
  void perTenantSizes_stayExact_underConcurrentChurnQuotasEvictionsAndClears() throws Exception {
    List<String> tenants = TENANTS.subList(0, 6);
    Cache<Integer, String> cache = fixture.create(fixture.builder(Integer.class, String.class)
        .storeByValue(false)
        .maximumSize(300)
        .maximumSizePerTenant(80)
        .statisticsEnabled(true));
    TenantCache<Integer, String> admin = admin(cache);
    TenantCacheManager manager = fixture.manager.unwrap(TenantCacheManager.class);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(executor.submit(() -> {
        SplittableRandom random = new SplittableRandom(thread);
        assertThat(start.await(10, SECONDS)).isTrue();
        for (int i = 0; i < 10_000; i++) {
          String tenant = tenants.get(random.nextInt(tenants.size()));
          Cache<Integer, String> view = admin.forTenant(tenant);
          int key = random.nextInt(200);
          int op = random.nextInt(100);
          if (op < 50) {
            view.put(key, tenant);
          } else if (op < 65) {
            view.putIfAbsent(key, tenant);
          } else if (op < 85) {
            view.remove(key);
          } else if (op < 95) {
            view.get(key);
          } else if (op < 98) {
            view.getAndReplace(key, tenant);
          } else if (op < 99) {
            admin.clearTenant(tenant);
          } else if (random.nextInt(10) == 0) {
            manager.evictTenant(tenant);
          } else {
            Tenants.run(tenant, cache::clear);
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(60, SECONDS);
    }

    Set<String> holding = new HashSet<>();
    for (String tenant : tenants) {
      int count = 0;
      for (Cache.Entry<Integer, String> entry : admin.forTenant(tenant)) {
        assertThat(entry.getValue()).isEqualTo(tenant);
        count++;
      }
      assertThat(admin.statistics(tenant).size()).as("ledger size of %s", tenant).isEqualTo(count);
      if (count > 0) {
        holding.add(tenant);
      }
    }
    assertThat(admin.tenants()).isEqualTo(holding);
    assertThat(manager.tenants()).isEqualTo(holding);
  }
}
