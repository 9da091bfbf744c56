package io.tenantcache.internal.store;

import java.util.UUID;

/**
 * The keys a {@link Store} holds its entries under. An entry of the default tenant whose key is of
 * a JDK value class with a strict {@code equals} (String, the boxed integers, Character, UUID, an
 * enum) is held under the caller's key itself; every other entry under its {@link TenantKey}. That
 * saves a hit of the default tenant one indirection and the 24 bytes of the tenant key.
 *
 * <p>It is safe because those classes never equal an object of another class, so a bare key
 * cannot match another tenant's {@code TenantKey}; a key of any other class (whose equals might be
 * sloppy) is always tenant-qualified. A {@code TenantKey} used as a caller's key is wrapped too,
 * so whatever is held as a {@code TenantKey} is one.
 */
final class EntryKeys<K> {
  private final String defaultTenant;

  EntryKeys(String defaultTenant) {
    this.defaultTenant = defaultTenant;
  }

  /** Returns what {@code key} of {@code tenant} is held under: the key itself, or its tenant key. */
  Object slot(String tenant, K key) {
    return isBare(tenant, key) ? key : new TenantKey<>(tenant, key);
  }

  /** As {@link #slot(String, Object)}, for a tenant key already made. */
  Object slot(TenantKey<K> key) {
    return isBare(key.tenant(), key.key()) ? key.key() : key;
  }

  private boolean isBare(String tenant, K key) {
    return tenant.equals(defaultTenant) && hasStrictEquals(key);
  }

  /** Returns whether {@code key}'s class is a JDK one whose equals is false for any other class. */
  private static boolean hasStrictEquals(Object key) {
    Class<?> type = key.getClass();
    return type == Integer.class || type == String.class || type == Long.class
        || type == UUID.class || type == Short.class || type == Byte.class
        || type == Character.class || key instanceof Enum<?>;
  }

  /** Returns the tenant key of the entry held under {@code slot}. */
  @SuppressWarnings("unchecked")
  TenantKey<K> tenantKey(Object slot) {
    return (slot instanceof TenantKey<?> key) ? (TenantKey<K>) key
        : new TenantKey<>(defaultTenant, (K) slot);
  }

  /** Returns the tenant of the entry held under {@code slot}. */
  String tenantOf(Object slot) {
    return (slot instanceof TenantKey<?> key) ? key.tenant() : defaultTenant;
  }

  /** Returns the caller's key of the entry held under {@code slot}. */
  @SuppressWarnings("unchecked")
  static <K> K callerKey(Object slot) {
    return (slot instanceof TenantKey<?> key) ? (K) key.key() : (K) slot;
  }
}
