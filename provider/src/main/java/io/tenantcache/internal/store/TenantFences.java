package io.tenantcache.internal.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The tenants whose entries another replica cleared and that are still being removed here. Each
 * such tenant has a fence: from the moment it is raised, every entry the tenant held is hidden
 * (a read misses it, a write treats it as absent), whatever their number; entries written after
 * it was raised are not. The hidden entries are then removed one by one ({@link #removeHidden}),
 * and the fence comes down. So a clear of a tenant is visible at once, and costs the reader
 * nothing once it has been carried out.
 *
 * <p>How a write and a fence meet. Under a fence, a write marks its slot with the very object it
 * stores ({@link #written}), and an entry is hidden unless its slot holds the object it is marked
 * with ({@link #hides}). A mark names one object, so it never makes another write's value
 * visible; a reader that meets the old object while the new one is being stored still misses it;
 * a write that fails after marking (a weigher that throws) leaves the old entry hidden. A write
 * marks before it stores (under the entry's lock where it has one) and, when it adds an entry,
 * again after putting its slot in the tenant's index. That makes the removal complete: a write
 * whose last look saw no fence had put its slot in the index before the fence went up (both are
 * volatile writes and reads, in opposite order on the two sides), so the removal, which reads the
 * index after raising the fence, finds the entry and removes it: the write was ordered before
 * the clear.
 *
 * <p>Thread-safe. With no fence up, {@link #hides} and {@link #written} are one volatile read.
 */
final class TenantFences<K> {
  /** One raising of a tenant's fence: the slots written since it went up, with what they hold. */
  static final class Fence {
    final ConcurrentMap<Object, Object> written = new ConcurrentHashMap<>();
  }

  private final EntryKeys<K> entryKeys;
  private final TenantLedger ledger;
  /** The fences up, by tenant: an immutable map replaced on each change; null when none is up. */
  private volatile @Nullable Map<String, Fence> raised;

  TenantFences(EntryKeys<K> entryKeys, TenantLedger ledger) {
    this.entryKeys = entryKeys;
    this.ledger = ledger;
  }

  /**
   * Returns whether {@code stored}, what a read found under {@code slot}, is hidden by its
   * tenant's fence: it is, unless a write stored that very object since the fence went up.
   */
  boolean hides(Object slot, Object stored) {
    Map<String, Fence> fences = raised;
    if (fences == null) {
      return false;
    }
    Fence fence = fences.get(entryKeys.tenantOf(slot));
    return fence != null && fence.written.get(slot) != stored;
  }

  /** Returns whether {@code tenant} has a fence up. */
  boolean covers(String tenant) {
    Map<String, Fence> fences = raised;
    return fences != null && fences.containsKey(tenant);
  }

  /**
   * A write stores {@code stored} at {@code slot}: under its tenant's fence, that object is not
   * hidden (any other the slot holds still is).
   */
  void written(Object slot, Object stored) {
    Map<String, Fence> fences = raised;
    if (fences == null) {
      return;
    }
    Fence fence = fences.get(entryKeys.tenantOf(slot));
    if (fence != null) {
      fence.written.put(slot, stored);
    }
  }

  /**
   * Raises a fence over {@code tenant}'s entries (replacing one already up, so that entries
   * written under that one are hidden too) and returns it.
   */
  synchronized Fence raise(String tenant) {
    Map<String, Fence> fences = raised;
    Map<String, Fence> next = (fences == null) ? new HashMap<>() : new HashMap<>(fences);
    Fence fence = new Fence();
    next.put(tenant, fence);
    raised = Map.copyOf(next);
    return fence;
  }

  /** Takes down {@code fence} of {@code tenant}, unless a newer one has replaced it. */
  private synchronized void lower(String tenant, Fence fence) {
    Map<String, Fence> fences = raised;
    if (fences == null || fences.get(tenant) != fence) {
      return;
    }
    Map<String, Fence> next = new HashMap<>(fences);
    next.remove(tenant);
    raised = next.isEmpty() ? null : Map.copyOf(next);
  }

  /** Takes down every fence: the store dropped all its entries. */
  synchronized void lowerAll() {
    raised = null;
  }

  /**
   * Removes from {@code map} the entries of {@code tenant} that {@code fence} hides, then takes
   * the fence down. No listener hears of them: the clear was another replica's. Safe to run
   * more than once for one fence; a second caller waits for the first to finish.
   */
  void removeHidden(ConcurrentMap<Object, Object> map, String tenant, Fence fence) {
    // One removal per fence at a time: a map counts a removed entry only after the entry's lock
    // is released, so a count that ran beside another thread's removal could find a tenant's
    // entry already uncounted but the map's total not yet lower (the default tenant's size, what
    // the others do not hold, would show it). Waiting here makes the drain of a count complete.
    synchronized (fence) {
      for (Object slot : ledger.slotsOf(tenant, map.keySet(), entryKeys)) {
        map.computeIfPresent(slot, (held, stored) -> {
          if (!hides(held, stored)) {
            return stored;
          }
          ledger.removed(tenant, held);
          return null;
        });
      }
      lower(tenant, fence);
    }
  }

  /**
   * Carries out every fence up on this thread, so that what counts or lists entries next finds
   * none of the hidden ones.
   */
  void drain(ConcurrentMap<Object, Object> map) {
    Map<String, Fence> fences = raised;
    if (fences != null) {
      fences.forEach((tenant, fence) -> removeHidden(map, tenant, fence));
    }
  }
}
