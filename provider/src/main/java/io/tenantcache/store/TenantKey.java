package io.tenantcache.store;

/**
 * The store's key: a tenant and the caller's key. Two tenants' equal keys are two entries; there
 * is no string concatenation, so {@code ("a:b", "c")} and {@code ("a", "b:c")} never collide.
 */
public record TenantKey<K>(String tenant, K key) {
  @Override
  public boolean equals(Object o) {
    // The key's equals runs only when the tenants agree, so a sloppy equals across types cannot
    // match another tenant's key.
    return (o instanceof TenantKey<?> other) && tenant.equals(other.tenant) && key.equals(other.key);
  }

  @Override
  public int hashCode() {
    return 31 * tenant.hashCode() + key.hashCode();
  }

  @Override
  public String toString() {
    return "TenantKey[tenant=" + tenant + "]";
  }
}
