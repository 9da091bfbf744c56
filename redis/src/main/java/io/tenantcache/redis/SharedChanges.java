package io.tenantcache.redis;

import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.SharedTier;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The changes of shared caches on their way to Redis, sent by a thread of their own, oldest
 * first. A key's change carries the value the replica holds when it goes out, so the changes of
 * one key wait as one (a burst of writes sends the last value once), moved behind whatever came
 * since (a tenant clear queued after a write still follows it). Never blocks a writer: past the
 * capacity, the waiting changes of the writer's tenant become one clear of that tenant (never too
 * little: every replica drops the tenant's copies, and Redis its values), so that a burst of one
 * tenant costs that tenant its shared entries, not the others; when that frees no room (the queue
 * holds other tenants' changes), the cache's waiting changes become one clear of the cache.
 * While Redis cannot be reached the changes wait and are sent once it can.
 *
 * <p>Thread-safe.
 */
final class SharedChanges {
  /** The most changes sent before their replies are awaited. */
  static final int BATCH = 128;

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
    if (waiting.size() < capacity) {
      waiting.put(target, change);
    } else {
      String tenant = change.tenant();
      if (tenant != null) {
        collapse(Invalidation.ofTenant(change.cache(), tenant));
      }
      if (tenant == null || waiting.size() > capacity) {
        collapse(Invalidation.ofCache(change.cache()));
      }
      figures.overflow();
    }
    notifyAll();
  }

  /**
   * Replaces the waiting changes that {@code clear} covers (a tenant's or a cache's) with it, at
   * the end of the queue.
   */
  private void collapse(Invalidation clear) {
    String cache = clear.cache();
    String tenant = clear.tenant();
    waiting.keySet().removeIf(each -> each.cache().equals(cache)
        && (tenant == null || tenant.equals(each.tenant())));
    waiting.put(Target.of(clear), clear);
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

  /**
   * Returns up to {@code most} of the oldest waiting changes, oldest first, waiting up to {@code
   * nanos} for one; empty if none.
   */
  private synchronized List<Map.Entry<Target, Invalidation>> oldest(int most, long nanos)
      throws InterruptedException {
    if (waiting.isEmpty() && !closing) {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    }
    List<Map.Entry<Target, Invalidation>> oldest = new ArrayList<>(Math.min(most, waiting.size()));
    for (Map.Entry<Target, Invalidation> change : waiting.entrySet()) {
      if (oldest.size() == most) {
        break;
      }
      oldest.add(Map.entry(change.getKey(), change.getValue()));
    }
    return oldest;
  }

  /** Forgets a sent change, unless a newer change of its target has replaced it meanwhile. */
  private synchronized void sent(Target target, Invalidation change) {
    // By identity: a newer change of the same target is equal to this one, and must stay.
    if (waiting.get(target) == change) {
      waiting.remove(target);
    }
  }

  /**
   * Sends the oldest changes a batch at a time: every script of a batch goes out before the first
   * reply is awaited (one connection runs them in order), so a change waits for its batch, not
   * for a round trip per change before it. A change whose reply fails or comes too late stays and
   * is sent again (for one key, tenant or cache there is one change, so a retry never overtakes a
   * newer change of its own target; a clear retried after a key's change only removes more).
   */
  private void sendLoop() {
    while (!closing || pending() > 0) {
      List<Map.Entry<Target, Invalidation>> batch;
      try {
        // While the breaker is not closed, one change at a time: the breaker's trial calls (it
        // lets a few through once its wait is over, and closes when they succeed).
        batch = oldest(values.answering() ? BATCH : 1, TimeUnit.MILLISECONDS.toNanos(100));
      } catch (InterruptedException e) {
        return;
      }
      if (batch.isEmpty()) {
        continue;
      }
      boolean failed = false;
      List<CompletableFuture<Long>> replies = new ArrayList<>(batch.size());
      for (Map.Entry<Target, Invalidation> change : batch) {
        if (failed) {
          break;
        }
        try {
          replies.add(send(change.getValue()));
        } catch (RuntimeException e) {
          failed = true;   // not connected: the rest waits too
        }
      }
      for (int i = 0; i < replies.size(); i++) {
        Invalidation change = batch.get(i).getValue();
        try {
          values.await(replies.get(i));
          sent(batch.get(i).getKey(), change);
          if (change.key() == null) {
            cleared.accept(change.cache());
          }
        } catch (RuntimeException e) {
          failed = true;   // the rest is sent again: a set, a removal or a clear, done twice,
          break;           // leaves what once does (a clear may remove a value written since)
        }
      }
      if (failed) {
        figures.unavailable();
        if (closing) {
          return;
        }
        pause();
      }
    }
  }

  /** Sends one change without waiting for its reply. */
  private CompletableFuture<Long> send(Invalidation change) {
    byte[] key = change.key();
    String tenant = change.tenant();
    if (tenant == null) {
      return values.clearAsync(change.cache());
    } else if (key == null) {
      return values.clearTenantAsync(change.cache(), tenant);
    }
    SharedTier.LocalValues local = caches.get(change.cache());
    SharedTier.Value value = (local == null) ? null : local.current(tenant, key);
    return (value == null) ? values.removeAsync(change.cache(), tenant, key)
        : values.putAsync(change.cache(), tenant, key, value.bytes(), value.ttlMillis());
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
