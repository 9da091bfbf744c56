package io.tenantcache.copy;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;

/**
 * Copies through Java serialization, resolving classes with the cache manager's class loader. Values
 * of well-known immutable types (strings, boxed primitives, enums, {@code java.time} values, ...)
 * are returned as they are.
 */
public final class SerializingCopier implements Copier {
  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Byte.class,
      Short.class, Character.class, Integer.class, Long.class, Float.class, Double.class,
      BigInteger.class, BigDecimal.class, UUID.class, Class.class,
      java.time.Instant.class, java.time.LocalDate.class, java.time.LocalDateTime.class,
      java.time.LocalTime.class, java.time.OffsetDateTime.class, java.time.ZonedDateTime.class,
      java.time.Duration.class, java.time.Period.class, java.net.URI.class);

  private final ClassLoader classLoader;

  public SerializingCopier(ClassLoader classLoader) {
    this.classLoader = requireNonNull(classLoader, "classLoader");
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T copy(T object) {
    Class<?> type = object.getClass();
    if (IMMUTABLE.contains(type) || type.isEnum() || (object instanceof Enum<?>)) {
      return object;
    }
    if (!(object instanceof Serializable)) {
      throw new IllegalArgumentException(type.getName() + " is not Serializable; a store-by-value "
          + "cache copies keys and values by serialization: make it Serializable or configure the "
          + "cache as store-by-reference");
    }
    try {
      return (T) deserialize(serialize(object));
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("a part of " + type.getName() + " is not Serializable ("
          + e.getMessage() + "); a store-by-value cache copies by serialization", e);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("could not copy a " + type.getName()
          + " by serialization: " + e, e);
    }
  }

  private static byte[] serialize(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  private Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }

  /** Resolves classes through the cache's class loader, falling back to the default rules. */
  private final class ClassLoaderObjectInputStream extends ObjectInputStream {
    ClassLoaderObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
