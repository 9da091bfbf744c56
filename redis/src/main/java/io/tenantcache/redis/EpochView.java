package io.tenantcache.redis;

import io.tenantcache.cluster.Invalidation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What this replica knows of the shared caches' epochs in Redis, so that a remote-tier hit is one
 * {@code GET} of the value's name instead of a script that reads the epochs first.
 *
 * <p>It learns a cache's and a tenant's epochs only from a look-up script's reply (the epochs that
 * script read), and forgets them on every clear it hears of: another replica's, from the
 * invalidation stream (which carries it after the clear ran in Redis); this replica's own, when
 * the clear is sent and again once Redis has run it; and everything when the replica can no longer
 * vouch for what it heard (a repair, or no word from Redis within max-staleness). A reply that a
 * forget overtook is not learned ({@link #stamp}). So a read by known epochs names the values of a
 * tenant's epoch until this replica hears of its clear: the same values, and for the same time, as
 * its local tier keeps serving the tenant's entries; after that, the look-up script again.
 *
 * <p>Thread-safe: reads take no lock; learning and forgetting are serialized.
 */
final class EpochView {
  /** A cache's epoch and one tenant's in it, as the values' names hold them. */
  record Epochs(String cache, String tenant) {}

  private final Map<String, Map<String, Epochs>> known = new ConcurrentHashMap<>();
  private long forgets;

  /** Returns the epochs of {@code tenant} in {@code cache} if known, else null. */
  @Nullable Epochs known(String cache, String tenant) {
    Map<String, Epochs> tenants = known.get(cache);
    return (tenants == null) ? null : tenants.get(tenant);
  }

  /**
   * Returns the stamp to give {@link #learn} for a look-up sent after this call: the count of
   * forgets so far.
   */
  synchronized long stamp() {
    return forgets;
  }

  /**
   * Learns what a look-up read, unless a forget came after its {@code stamp} (the look-up may then
   * have read the epochs before a clear that the forget was for).
   */
  synchronized void learn(long stamp, String cache, String tenant, Epochs epochs) {
    if (stamp == forgets) {
      known.computeIfAbsent(cache, name -> new ConcurrentHashMap<>()).put(tenant, epochs);
    }
  }

  /** Forgets what a clear covers: a tenant's epochs, or every tenant's of a cache; not a key's. */
  void forget(Invalidation change) {
    if (change.key() != null) {
      return;
    }
    synchronized (this) {
      forgets++;
      String tenant = change.tenant();
      if (tenant == null) {
        known.remove(change.cache());
      } else {
        Map<String, Epochs> tenants = known.get(change.cache());
        if (tenants != null) {
          tenants.remove(tenant);
        }
      }
    }
  }

  /** Forgets every epoch (the replica cannot vouch for what it heard). */
  synchronized void forgetAll() {
    forgets++;
    known.clear();
  }
}
