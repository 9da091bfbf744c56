package io.tenantcache.internal.cache;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.tenantcache.TenantCacheEntryEvent;
import io.tenantcache.Tenants;
import io.tenantcache.testing.KeyLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/** The parts of {@link FaultsUnderLoadSoakIT}: what it counts, and how it watches threads and heap. */
final class SoakParts {
  private SoakParts() {}

  /** What the workload did, as the statistics should count it. */
  static final class Workload {
    final LongAdder operations = new LongAdder();
    final LongAdder gets = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder removals = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  }

  /** Counts the faults the loader injected. */
  static final class Faults {
    volatile int rate = 5;
    final LongAdder thrown = new LongAdder();
    final LongAdder timedOut = new LongAdder();
  }

  /** Records, for every value, the events that started and ended its life in the cache. */
  static final class Ledger implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String> {
    final ConcurrentMap<String, String> startedBy = new ConcurrentHashMap<>();
    final ConcurrentMap<String, String> endedBy = new ConcurrentHashMap<>();
    final ConcurrentMap<String, String> problems = new ConcurrentHashMap<>();
    final ConcurrentMap<String, String> tenantOf = new ConcurrentHashMap<>();
    static final String SWEEP = "@sweep";
    volatile String phase = "";

    private void start(CacheEntryEvent<? extends String, ? extends String> event, String value) {
      tenantOf.put(value, event.unwrap(TenantCacheEntryEvent.class).tenant());
      if (startedBy.putIfAbsent(value, event.getEventType().name()) != null) {
        problems.put(value, "started twice");
      }
      checkTenant(event, value);
    }

    private void end(CacheEntryEvent<? extends String, ? extends String> event, String value) {
      if (endedBy.putIfAbsent(value, event.getEventType().name() + phase) != null) {
        problems.put(value, "ended twice");
      }
      checkTenant(event, value);
    }

    private void checkTenant(CacheEntryEvent<? extends String, ? extends String> event,
        String value) {
      String tenant = event.unwrap(TenantCacheEntryEvent.class).tenant();
      if (!value.split("\\|")[1].equals(tenant) || !Tenants.current().orElse("").equals(tenant)) {
        problems.put(value, "event of tenant " + tenant + " bound " + Tenants.current());
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> start(event, event.getValue()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> {
        end(event, event.getOldValue());
        start(event, event.getValue());
      });
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> end(event, event.getOldValue()));
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> end(event, event.getOldValue()));
    }

    void clear() {
      startedBy.clear();
      endedBy.clear();
      problems.clear();
      tenantOf.clear();
    }

    /** Follows every stored value to where it is now. */
    Reconciliation reconcile(Map<String, Map<String, String>> present) {
      Reconciliation result = new Reconciliation();
      result.problems.putAll(problems);
      Set<String> readable = new HashSet<>();
      present.forEach((tenant, entries) -> entries.forEach((key, value) -> {
        readable.add(value);
        if (!startedBy.containsKey(value)) {
          result.problems.put(value, "readable but never created");
        } else if (!("EXPIRED" + SWEEP).equals(endedBy.get(value))) {
          result.problems.put(value, "readable, then ended by " + endedBy.get(value));
        }
        if (!value.split("\\|")[1].equals(tenant) || !value.split("\\|")[2].equals(key)) {
          result.problems.put(value, "readable under tenant " + tenant + " key " + key);
        }
      }));
      for (String value : startedBy.keySet()) {
        result.stored.add(value);
        String ended = endedBy.get(value);
        if (ended != null && ended.startsWith("EXPIRED")) {
          result.expiredByTenant.merge(tenantOf.get(value), 1L, Long::sum);
        }
        if (readable.contains(value)) {
          result.readable++;
        } else if (ended == null) {
          result.evicted++;
          result.evictedByTenant.merge(tenantOf.get(value), 1L, Long::sum);
        } else if (ended.equals("EXPIRED")) {
          result.expired++;
        } else if (!ended.endsWith(SWEEP)) {
          result.ended++;
        } else {
          result.expiredUnreadable++;   // had expired, not yet dropped, when the content was read
        }
      }
      for (String value : endedBy.keySet()) {
        if (!startedBy.containsKey(value)) {
          result.problems.put(value, "ended but never created");
        }
      }
      return result;
    }
  }

  /** Where every stored value ended up. */
  static final class Reconciliation {
    final Map<String, String> problems = new HashMap<>();
    final Set<String> stored = new HashSet<>();
    final Map<String, Long> evictedByTenant = new HashMap<>();
    final Map<String, Long> expiredByTenant = new HashMap<>();
    long readable;
    long ended;
    long evicted;
    long expired;
    long expiredUnreadable;
  }

  static int liveThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !thread.getName().startsWith("ForkJoinPool.commonPool-worker"))
        .count();
  }

  static int awaitThreads(int bound) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    int live = liveThreads();
    while (live > bound && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
      live = liveThreads();
    }
    return live;
  }

  static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static String threadDump() {
    StringBuilder dump = new StringBuilder();
    for (java.lang.management.ThreadInfo info : java.lang.management.ManagementFactory
        .getThreadMXBean().dumpAllThreads(true, true)) {
      dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
      if (info.getLockName() != null) {
        dump.append(" on ").append(info.getLockName()).append(" owned by ")
            .append(info.getLockOwnerName());
      }
      dump.append('\n');
      for (StackTraceElement frame : info.getStackTrace()) {
        dump.append("    at ").append(frame).append('\n');
      }
    }
    return dump.toString();
  }

  /** Fails or hangs (past the 25 ms time limit) as often as {@link Faults#rate} says. */
  static final class FaultyLoader implements KeyLoader<String, String> {
    private final Faults faults;
    private final AtomicLong sequence;

    FaultyLoader(Faults faults, AtomicLong sequence) {
      this.faults = faults;
      this.sequence = sequence;
    }

    @Override
    public String load(String key) {
      String tenant = Tenants.current().orElseThrow();
      int dice = ThreadLocalRandom.current().nextInt(100);
      int rate = faults.rate;
      if (dice < rate / 2) {
        faults.thrown.increment();
        throw new IllegalStateException("injected backend failure");
      }
      if (dice < rate) {
        faults.timedOut.increment();
        try {
          Thread.sleep(60);   // interrupted at the time limit
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted at the time limit", e);
        }
      }
      return "l|" + tenant + "|" + key + "|" + sequence.incrementAndGet();
    }
  }
}
