package io.tenantcache.internal.cache;

import io.tenantcache.cluster.Invalidation;
import io.tenantcache.internal.store.TenantKey;

/**
 * Applies what other replicas changed to this replica's copy of a clustered cache: drops the
 * entries an invalidation names and voids this replica's loads in flight for them first, so that a
 * load that started before the invalidation arrived stores nothing (the rule a local write follows
 * too). Publishes nothing back and fires no entry events: to this replica's listeners the entries
 * were never changed here, they are simply no longer held (as after an eviction).
 */
final class RemoteChanges<K, V> {
  private static final System.Logger LOGGER = System.getLogger(RemoteChanges.class.getName());

  private final CacheCore<K, V> core;

  RemoteChanges(CacheCore<K, V> core) {
    this.core = core;
  }

  /** Applies {@code invalidation}; a closed cache ignores it. Safe from any thread. */
  void apply(Invalidation invalidation) {
    if (core.isClosed()) {
      return;
    }
    String tenant = invalidation.tenant();
    byte[] key = invalidation.key();
    try {
      core.publisher.silently(() -> {
        if (tenant == null) {
          dropEveryTenant();
        } else if (key == null) {
          dropTenant(tenant);
        } else {
          dropKey(tenant, key);
        }
        return Boolean.TRUE;
      });
    } finally {
      core.events.dispatch();
    }
  }

  /**
   * Drops every tenant's entries and voids every load in flight (also of tenants that hold no
   * entry, which the store's removal of each tenant holding one does not reach).
   */
  void dropEveryTenant() {
    if (core.loads != null) {
      core.loads.supersedeTenant(null);
    }
    for (String tenant : core.store.tenants()) {
      core.store.removeTenant(tenant);
    }
  }

  /**
   * Drops the tenant's entries at once, whatever their number (the store hides them and removes
   * them in the background), and voids the tenant's loads in flight first.
   */
  private void dropTenant(String tenant) {
    core.store.dropTenant(tenant);
  }

  private void dropKey(String tenant, byte[] serialized) {
    Object read;
    try {
      read = core.publisher.keyOf(serialized);
    } catch (IllegalArgumentException e) {
      LOGGER.log(System.Logger.Level.WARNING, "cache '" + core.name + "' could not read a key "
          + "another replica invalidated (" + e.getMessage() + "); dropping tenant '" + tenant
          + "''s entries instead");
      dropTenant(tenant);
      return;
    }
    if (!core.keyType.isInstance(read)) {
      dropTenant(tenant);
      return;
    }
    TenantKey<K> key = core.lookupKey(tenant, core.keyType.cast(read));
    if (core.loads != null) {
      core.loads.changing(key);
    }
    core.store.remove(key);
  }
}
