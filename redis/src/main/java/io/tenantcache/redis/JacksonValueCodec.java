package io.tenantcache.redis;

import static java.util.Objects.requireNonNull;

import io.tenantcache.ValueCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Values of a shared cache as JSON, with Jackson 3: readable in Redis by any tool, independent of
 * Java serialization (no class names on the wire, so nothing outside the cache's value type is
 * ever instantiated). A field the value's class here lacks is ignored (Jackson 3's default), so
 * replicas of two releases keep reading each other's values during a rolling deployment; a value
 * that cannot be bound is a miss of the tier, counted, and the loader answers. The cache's value
 * type must be a concrete class Jackson can bind (a record, a bean); a cache of {@code Object}
 * values cannot use it. Needs {@code tools.jackson.core:jackson-databind} on the class path.
 *
 * <p>Name it per cache: {@code valueCodec(FactoryBuilder.factoryOf(JacksonValueCodec.class))}, or
 * HOCON {@code value-codec = "io.tenantcache.redis.JacksonValueCodec"}. Thread-safe.
 */
public final class JacksonValueCodec implements ValueCodec {
  private final JsonMapper mapper;

  /** A codec with Jackson's default mapper. */
  public JacksonValueCodec() {
    this(JsonMapper.builder().build());
  }

  /** A codec with {@code mapper} (its modules and settings), the same on every replica. */
  public JacksonValueCodec(JsonMapper mapper) {
    this.mapper = requireNonNull(mapper, "mapper");
  }

  @Override
  public byte[] encode(Object value) {
    return mapper.writeValueAsBytes(requireNonNull(value, "value"));
  }

  @Override
  public Object decode(byte[] bytes, Class<?> type) {
    if (type == Object.class) {
      throw new IllegalArgumentException("JacksonValueCodec needs the cache's value type to read "
          + "a value back, and this cache's is Object: configure the cache with its value class");
    }
    return mapper.readValue(bytes, type);
  }
}
