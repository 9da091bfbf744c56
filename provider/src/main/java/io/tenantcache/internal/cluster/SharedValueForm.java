package io.tenantcache.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.tenantcache.ValueCodec;
import io.tenantcache.internal.copy.SerializingCopier;
import org.jspecify.annotations.Nullable;

/**
 * How one shared cache's values cross the wire: its {@link ValueCodec}, else the provider's
 * serialization read back through the cache's serial filter. Thread-safe.
 */
public final class SharedValueForm<V> {
  private final SerializingCopier serialization;
  private final @Nullable ValueCodec codec;
  private final Class<V> type;

  /** The form of values of {@code type}: {@code codec}'s, else {@code serialization}'s. */
  public SharedValueForm(SerializingCopier serialization, @Nullable ValueCodec codec,
      Class<V> type) {
    this.serialization = requireNonNull(serialization, "serialization");
    this.codec = codec;
    this.type = requireNonNull(type, "type");
  }

  /**
   * Returns the encoded form of {@code value}.
   *
   * @throws RuntimeException if it cannot be encoded
   */
  public byte[] encode(V value) {
    return (codec == null) ? serialization.toBytes(value) : codec.encode(value);
  }

  /**
   * Reads a value back.
   *
   * @throws RuntimeException if it cannot be read, the filter refuses it, or it is not of the
   *     cache's value type
   */
  public V decode(byte[] bytes) {
    Object value = (codec == null) ? serialization.fromBytes(bytes) : codec.decode(bytes, type);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("the shared tier held a "
          + ((value == null) ? "null" : value.getClass().getName()) + ", not a "
          + type.getName());
    }
    return type.cast(value);
  }
}
