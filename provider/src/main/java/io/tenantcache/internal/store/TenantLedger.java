package io.tenantcache.internal.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * How many entries each tenant holds in a store. The store keeps it exact by counting every
 * insertion and removal it makes (of the default tenant, only with quotas; see below); quotas,
 * {@code tenants()} and per-tenant sizes read it.
 *
 * <p>The default tenant is counted only when quotas need its count on every insertion. Otherwise
 * its size is the store's total less the other tenants' counts: most insertions and evictions are
 * the default tenant's, and not counting them takes two atomic updates of one counter off every
 * read-through miss (one when the entry is added, one when another is evicted for it).
 */
final class TenantLedger {
  private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
  private final String defaultTenant;
  private final @Nullable Account defaultAccount;
  /**
   * With an index: each tenant's slots, each with how many times it was added less how many times
   * removed (a count, not a set, so that an addition and a removal of one slot counted in either
   * order by two threads leave it right); null without one.
   */
  private final @Nullable ConcurrentMap<String, ConcurrentMap<Object, Integer>> slots;

  /**
   * Creates the ledger of a store whose calls are mostly for {@code defaultTenant}, which is
   * counted one by one only if {@code countDefault} (quotas read the count on every insertion),
   * with an index of each tenant's slots if {@code indexSlots} (so that removing a tenant visits
   * only its entries; a clustered cache removes tenants for other replicas).
   */
  TenantLedger(String defaultTenant, boolean countDefault, boolean indexSlots) {
    this.defaultTenant = defaultTenant;
    this.defaultAccount = countDefault ? new Account() : null;
    this.slots = indexSlots ? new ConcurrentHashMap<>() : null;
    clear();
  }

  /** One tenant's entry count, and whether a thread is trimming it to its quota. */
  static final class Account {
    final AtomicLong size = new AtomicLong();
    final AtomicBoolean trimming = new AtomicBoolean();
  }

  /** Returns {@code tenant}'s account, or null for the default tenant when it is not counted. */
  @Nullable Account account(String tenant) {
    if (tenant.equals(defaultTenant)) {
      return defaultAccount;
    }
    Account account = accounts.get(tenant);
    return (account != null) ? account : accounts.computeIfAbsent(tenant, t -> new Account());
  }

  /**
   * Puts an entry added for {@code tenant} at {@code slot} in the index (nothing without one):
   * told before the write last looks for a fence (see {@link TenantFences}).
   */
  void indexed(String tenant, Object slot) {
    index(tenant, slot, 1);
  }

  /**
   * Counts an entry added for {@code tenant} (after {@link #indexed}); returns the tenant's count,
   * or 0 if it is not counted.
   */
  long counted(String tenant) {
    Account account = account(tenant);
    return (account == null) ? 0 : account.size.incrementAndGet();
  }

  /** Counts the removal of {@code tenant}'s entry at {@code slot}. */
  void removed(String tenant, Object slot) {
    index(tenant, slot, -1);
    Account account = account(tenant);
    if (account != null) {
      account.size.decrementAndGet();
    }
  }

  private void index(String tenant, Object slot, int change) {
    ConcurrentMap<String, ConcurrentMap<Object, Integer>> index = slots;
    if (index != null) {
      index.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
          .merge(slot, change, (held, delta) -> (held + delta == 0) ? null : held + delta);
    }
  }

  /** Returns whether this ledger keeps an index of each tenant's slots. */
  boolean isIndexed() {
    return slots != null;
  }

  /**
   * Returns the slots {@code tenant} holds (weakly consistent with concurrent changes), or null
   * when this ledger keeps no index.
   */
  @Nullable List<Object> slotsOf(String tenant) {
    ConcurrentMap<String, ConcurrentMap<Object, Integer>> index = slots;
    if (index == null) {
      return null;
    }
    ConcurrentMap<Object, Integer> held = index.get(tenant);
    return (held == null) ? List.of() : List.copyOf(held.keySet());
  }

  /**
   * Returns the slots of {@code tenant}'s entries: a snapshot of the index when there is one, else
   * those of {@code held} (all of the store's) whose tenant it is, weakly consistent.
   */
  Iterable<Object> slotsOf(String tenant, Collection<Object> held, EntryKeys<?> entryKeys) {
    List<Object> indexed = slotsOf(tenant);
    return (indexed != null) ? indexed : () -> held.stream()
        .filter(slot -> entryKeys.tenantOf(slot).equals(tenant)).iterator();
  }

  /** Returns how many entries {@code tenant} holds, in a store that holds {@code total}. */
  long size(String tenant, long total) {
    if (defaultAccount == null && tenant.equals(defaultTenant)) {
      return defaultSize(total);
    }
    Account account = accounts.get(tenant);
    return (account == null) ? 0 : account.size.get();
  }

  /** The default tenant's size when it is not counted: what the other tenants do not hold. */
  private long defaultSize(long total) {
    long others = 0;
    for (Account account : accounts.values()) {
      others += account.size.get();
    }
    return defaultSize(total, others);
  }

  private static long defaultSize(long total, long others) {
    // Read while other tenants change, the difference may be off for a moment, never below 0.
    return Math.max(0, total - others);
  }

  /** Returns the tenants that hold at least one entry, in a store that holds {@code total}. */
  List<String> tenants(long total) {
    List<String> tenants = new ArrayList<>();
    long counted = 0;
    for (Map.Entry<String, Account> entry : accounts.entrySet()) {
      long size = entry.getValue().size.get();
      counted += size;
      if (size > 0) {
        tenants.add(entry.getKey());
      }
    }
    // One pass: the sum of the counted tenants is what the default tenant's size needs.
    if (defaultAccount == null && defaultSize(total, counted) > 0) {
      tenants.add(defaultTenant);
    }
    return tenants;
  }

  void clear() {
    accounts.clear();
    if (slots != null) {
      slots.clear();
    }
    if (defaultAccount != null) {
      defaultAccount.size.set(0);
      accounts.put(defaultTenant, defaultAccount);
    }
  }
}
