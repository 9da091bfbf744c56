package io.tenantcache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many entries each tenant holds in a store. The store keeps it exact by counting every
 * insertion and removal it makes; quotas, {@code tenants()} and per-tenant sizes read it.
 *
 * <p>The default tenant's account is also kept in a field: most calls are that tenant's, and every
 * insertion and eviction counts, so they skip the map lookup.
 */
final class TenantLedger {
  private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
  private final String defaultTenant;
  private final Account defaultAccount = new Account();

  TenantLedger(String defaultTenant) {
    this.defaultTenant = defaultTenant;
    accounts.put(defaultTenant, defaultAccount);
  }

  /** One tenant's entry count, and whether a thread is trimming it to its quota. */
  static final class Account {
    final AtomicLong size = new AtomicLong();
    final AtomicBoolean trimming = new AtomicBoolean();
  }

  Account account(String tenant) {
    if (tenant.equals(defaultTenant)) {
      return defaultAccount;
    }
    Account account = accounts.get(tenant);
    return (account != null) ? account : accounts.computeIfAbsent(tenant, t -> new Account());
  }

  long added(String tenant) {
    return account(tenant).size.incrementAndGet();
  }

  void removed(String tenant) {
    account(tenant).size.decrementAndGet();
  }

  long size(String tenant) {
    Account account = accounts.get(tenant);
    return (account == null) ? 0 : account.size.get();
  }

  /** Returns the tenants that hold at least one entry. */
  List<String> tenants() {
    List<String> tenants = new ArrayList<>();
    accounts.forEach((tenant, account) -> {
      if (account.size.get() > 0) {
        tenants.add(tenant);
      }
    });
    return tenants;
  }

  void clear() {
    accounts.clear();
    defaultAccount.size.set(0);
    accounts.put(defaultTenant, defaultAccount);
  }
}
