package io.tenantcache.redis;

import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.SharedTier;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The changes of shared caches on their way to Redis, sent by a thread of their own, oldest
 * first. A key's change carries the value the replica holds when it goes out, so the changes of
 * one key wait as one (a burst of writes sends the last value once), moved behind whatever came
 * since (a tenant clear queued after a write still follows it). Never blocks a writer: past the
 * capacity, a cache's waiting changes become one clear of the whole cache (never too little).
 * While Redis cannot be reached the changes wait and are sent once it can.
 *
 * <p>Thread-safe.
 */
final class SharedChanges {
  /** How long to wait before trying an unreachable Redis again. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /** What one waiting change is about: a key, a tenant (key null) or a cache (both null). */
  private record Target(String cache, @Nullable String tenant, @Nullable ByteBuffer key) {
    static Target of(Invalidation change) {
      byte[] key = change.key();
      return new Target(change.cache(), change.tenant(),
          (key == null) ? null : ByteBuffer.wrap(key));
    }
  }

  private final SharedValues values;
  private final Map<String, SharedTier.LocalValues> caches;
  private final int capacity;
  private final SharedTierFigures figures;
  /** Told the cache of each clear sent: its older values are unreachable, to be unlinked. */
  private final Consumer<String> cleared;
  private final LinkedHashMap<Target, Invalidation> waiting = new LinkedHashMap<>();
  private final Thread sender = new Thread(this::sendLoop, "tenantcache-redis-shared-writer");
  private volatile boolean closing;

  SharedChanges(SharedValues values, Map<String, SharedTier.LocalValues> caches, int capacity,
      SharedTierFigures figures, Consumer<String> cleared) {
    this.cleared = cleared;
    this.values = values;
    this.caches = caches;
    this.capacity = capacity;
    this.figures = figures;
    sender.setDaemon(true);
  }

  void start() {
    sender.start();
  }

  /** Queues {@code change} behind what waits (moving an older change of its key there). */
  synchronized void add(Invalidation change) {
    if (closing) {
      return;
    }
    Target target = Target.of(change);
    waiting.remove(target);
    if (waiting.size() >= capacity) {
      String cache = change.cache();
      waiting.keySet().removeIf(each -> each.cache().equals(cache));
      Invalidation whole = Invalidation.ofCache(cache);
      waiting.put(Target.of(whole), whole);
    } else {
      waiting.put(target, change);
    }
    notifyAll();
  }

  /**
   * Returns whether a change of {@code key} of {@code tenant} in {@code cache} (of the key, its
   * tenant or the cache) waits here or is being sent: Redis may not show it yet.
   */
  synchronized boolean pendingFor(String cache, String tenant, byte[] key) {
    return !waiting.isEmpty()
        && (waiting.containsKey(new Target(cache, tenant, ByteBuffer.wrap(key)))
        || waiting.containsKey(new Target(cache, tenant, null))
        || waiting.containsKey(new Target(cache, null, null)));
  }

  synchronized int pending() {
    return waiting.size();
  }

  /** Returns the oldest waiting change, waiting up to {@code nanos} for one; null if none. */
  private synchronized Map.@Nullable Entry<Target, Invalidation> oldest(long nanos)
      throws InterruptedException {
    if (waiting.isEmpty() && !closing) {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    }
    Iterator<Map.Entry<Target, Invalidation>> first = waiting.entrySet().iterator();
    if (!first.hasNext()) {
      return null;
    }
    Map.Entry<Target, Invalidation> oldest = first.next();
    return Map.entry(oldest.getKey(), oldest.getValue());
  }

  /** Forgets a sent change, unless a newer change of its target has replaced it meanwhile. */
  private synchronized void sent(Target target, Invalidation change) {
    // By identity: a newer change of the same target is equal to this one, and must stay.
    if (waiting.get(target) == change) {
      waiting.remove(target);
    }
  }

  private void sendLoop() {
    while (!closing || pending() > 0) {
      Map.Entry<Target, Invalidation> next;
      try {
        next = oldest(TimeUnit.MILLISECONDS.toNanos(100));
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        continue;
      }
      try {
        send(next.getValue());
        sent(next.getKey(), next.getValue());
      } catch (RuntimeException e) {
        figures.unavailable();
        if (closing) {
          return;
        }
        pause();
      }
    }
  }

  private void send(Invalidation change) {
    byte[] key = change.key();
    String tenant = change.tenant();
    if (tenant == null) {
      values.clear(change.cache());
      cleared.accept(change.cache());
    } else if (key == null) {
      values.clearTenant(change.cache(), tenant);
      cleared.accept(change.cache());
    } else {
      SharedTier.LocalValues local = caches.get(change.cache());
      SharedTier.Value value = (local == null) ? null : local.current(tenant, key);
      if (value == null) {
        values.remove(change.cache(), tenant, key);
      } else {
        values.put(change.cache(), tenant, key, value.bytes(), value.ttlMillis());
      }
    }
  }

  private static void pause() {
    try {
      TimeUnit.NANOSECONDS.sleep(RETRY_NANOS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends what it can within {@code wait}, then stops. */
  void close(Duration wait) {
    synchronized (this) {
      closing = true;
      notifyAll();
    }
    try {
      sender.join(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.interrupt();
  }
}
