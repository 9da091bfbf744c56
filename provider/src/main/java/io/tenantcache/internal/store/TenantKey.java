package io.tenantcache.internal.store;

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
    // Tenant ids are often alike ("tenant-12", "tenant-13": String hashes one apart) and keys
    // small integers; with a multiplier of 31 those give equal hashes across tenants (key k of one
    // tenant against key k + 31 of the next), which a hash table then has to tell apart with
    // equals. The golden-ratio multiplier moves neighbouring tenants' hashes far apart.
    return tenant.hashCode() * 0x9E3779B9 + key.hashCode();
  }

  @Override
  public String toString() {
    return "TenantKey[tenant=" + tenant + "]";
  }
}
