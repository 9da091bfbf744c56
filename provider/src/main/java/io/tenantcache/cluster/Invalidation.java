package io.tenantcache.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What one replica tells the others: drop your copy of one key of a tenant, of all of a tenant's
 * keys, or of every key of a cache. A key travels in its serialized form ({@code key}); the
 * receiving replica reads it back with the cache's serial filter.
 *
 * @param cache the cache's name (the same cache on every replica of the namespace)
 * @param tenant the tenant, or null for every tenant of the cache
 * @param key the serialized key, or null for every key of the tenant (or of the cache)
 */
public record Invalidation(String cache, @Nullable String tenant, byte @Nullable [] key) {
  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException for a key without a tenant
   */
  public Invalidation {
    requireNonNull(cache, "cache");
    if (key != null && tenant == null) {
      throw new IllegalArgumentException("an invalidation of one key of cache '" + cache
          + "' needs the key's tenant");
    }
    key = (key == null) ? null : key.clone();
  }

  /** An invalidation of one key of a tenant. */
  public static Invalidation ofKey(String cache, String tenant, byte[] key) {
    return new Invalidation(cache, requireNonNull(tenant, "tenant"), requireNonNull(key, "key"));
  }

  /** An invalidation of all of a tenant's keys. */
  public static Invalidation ofTenant(String cache, String tenant) {
    return new Invalidation(cache, requireNonNull(tenant, "tenant"), null);
  }

  /** An invalidation of every key of every tenant of a cache. */
  public static Invalidation ofCache(String cache) {
    return new Invalidation(cache, null, null);
  }

  /** Returns the serialized key (a copy), or null. */
  @Override
  public byte @Nullable [] key() {
    return (key == null) ? null : key.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return (other instanceof Invalidation that) && cache.equals(that.cache)
        && java.util.Objects.equals(tenant, that.tenant) && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * cache.hashCode() + java.util.Objects.hashCode(tenant)) + Arrays.hashCode(key);
  }

  /** Names the cache and the tenant, never the key's bytes. */
  @Override
  public String toString() {
    String scope = (tenant == null) ? "every tenant" : (key == null) ? "tenant '" + tenant + "'"
        : "one key of tenant '" + tenant + "'";
    return "Invalidation[cache '" + cache + "', " + scope + "]";
  }
}
