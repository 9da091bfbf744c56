package io.tenantcache;

/**
 * How the values of a cache in mode {@code shared} cross the wire to the shared tier and back:
 * by default the provider's own serialization, read back through the cache's serial filter;
 * set another with {@code TenantCacheConfiguration.Builder.valueCodec} (HOCON {@code
 * value-codec}: a class with a public no-argument constructor). Every replica of a cache must
 * use the same codec. Keys keep the provider's serialization, which the invalidations carry.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ValueCodec {
  /**
   * Returns the encoded form of {@code value}, a value of the cache.
   *
   * @throws RuntimeException if it cannot be encoded: the value then stays on this replica
   */
  byte[] encode(Object value);

  /**
   * Reads back what {@link #encode} made, as an instance of {@code type} (the cache's value type).
   *
   * @throws RuntimeException if it cannot (another replica's value of a type this one does not
   *     know, a corrupt value): the read is then a miss of the shared tier, counted, and the
   *     cache's loader answers
   */
  Object decode(byte[] bytes, Class<?> type);
}
