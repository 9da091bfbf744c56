package io.tenantcache.internal.copy;

import static java.util.Objects.requireNonNull;

import io.tenantcache.SerialFilters;
import io.tenantcache.TenantCacheConfiguration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamConstants;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Copies through Java serialization, resolving classes with the cache manager's class loader. Values
 * of well-known immutable types (strings, boxed primitives, enums, {@code java.time} values, ...)
 * are returned as they are.
 *
 * <p>It deserializes only the bytes it has just serialized itself, and through an {@link
 * ObjectInputFilter}: the cache's serial filter (a {@code jdk.serialFilter} pattern, {@link
 * #DEFAULT_FILTER} unless configured), merged with the JVM-wide filter if one is set. A value
 * whose serialized form holds a rejected class, or goes past the filter's limits, is not copied: the
 * call fails with {@link IllegalArgumentException} naming the class (or the limit) and the setting.
 */
public final class SerializingCopier implements Copier {
  /** The serial filter of a store-by-value cache that configures none. */
  public static final String DEFAULT_FILTER = TenantCacheConfiguration.DEFAULT_SERIAL_FILTER;

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Byte.class,
      Short.class, Character.class, Integer.class, Long.class, Float.class, Double.class,
      BigInteger.class, BigDecimal.class, UUID.class, Class.class,
      java.time.Instant.class, java.time.LocalDate.class, java.time.LocalDateTime.class,
      java.time.LocalTime.class, java.time.OffsetDateTime.class, java.time.ZonedDateTime.class,
      java.time.Duration.class, java.time.Period.class, java.net.URI.class);

  private final ClassLoader classLoader;
  private final String filterPattern;
  private final boolean defaultFilter;
  private final ObjectInputFilter filter;

  /** Creates a copier with the {@link #DEFAULT_FILTER}. */
  public SerializingCopier(ClassLoader classLoader) {
    this(classLoader, DEFAULT_FILTER);
  }

  /**
   * Creates a copier whose deserialization goes through {@code filterPattern} ({@code
   * jdk.serialFilter} syntax).
   *
   * @throws IllegalArgumentException if the pattern is malformed
   */
  public SerializingCopier(ClassLoader classLoader, String filterPattern) {
    this.classLoader = requireNonNull(classLoader, "classLoader");
    this.filterPattern = requireNonNull(filterPattern, "filterPattern");
    this.defaultFilter = DEFAULT_FILTER.equals(filterPattern);
    this.filter = SerialFilters.parse(filterPattern);
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
    @Nullable String[] rejected = new String[1];
    try {
      return (T) deserialize(serialize(object), rejected);
    } catch (InvalidClassException e) {
      if (rejected[0] != null) {
        throw new IllegalArgumentException("could not copy a " + type.getName() + ": its "
            + "serialized form holds " + rejected[0] + ", which the serial filter of this "
            + "store-by-value cache rejects (" + (defaultFilter ? "the default filter, "
            + "TenantCacheConfiguration.DEFAULT_SERIAL_FILTER" : "serialFilter \"" + filterPattern
            + "\"")
            + "); allow it with TenantCacheConfiguration.Builder.serialFilter, or configure the "
            + "cache as store-by-reference", e);
      }
      throw new IllegalArgumentException("could not copy a " + type.getName()
          + " by serialization: " + e, e);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("a part of " + type.getName() + " is not Serializable ("
          + e.getMessage() + "); a store-by-value cache copies by serialization", e);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("could not copy a " + type.getName()
          + " by serialization: " + e, e);
    }
  }

  /**
   * Returns {@code object}'s serialized form, for a key that travels to other replicas.
   *
   * @throws IllegalArgumentException if it (or a part of it) is not Serializable
   */
  public byte[] toBytes(Object object) {
    try {
      if (object instanceof String text) {
        byte[] string = stringBytes(text);
        if (string != null) {
          return string;
        }
      } else if (object instanceof Integer number) {
        return NumberForms.INTEGER.bytes(number);
      } else if (object instanceof Long number) {
        return NumberForms.LONG.bytes(number);
      }
      return serialize(object);
    } catch (IOException e) {
      throw new IllegalArgumentException("a " + object.getClass().getName() + " cannot be "
          + "serialized: " + e, e);
    }
  }

  /**
   * Returns the serialized form of a {@code String} as {@link ObjectOutputStream} writes it
   * (stream header, {@code TC_STRING}, modified UTF-8), or null for one too long for that form:
   * the same bytes, without building a stream per key (most keys are strings, and a clustered
   * cache serializes the key of every write).
   */
  static byte @Nullable [] stringBytes(String text) throws IOException {
    if (text.length() > 0xFFFF / 3) {
      return null; // may need TC_LONGSTRING: the stream decides
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(7 + text.length());
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(ObjectStreamConstants.STREAM_MAGIC);
    out.writeShort(ObjectStreamConstants.STREAM_VERSION);
    out.writeByte(ObjectStreamConstants.TC_STRING);
    out.writeUTF(text);
    return bytes.toByteArray();
  }

  /**
   * Reads back what {@link #toBytes} made, through this copier's serial filter.
   *
   * @throws IllegalArgumentException if the filter rejects it, or it cannot be read
   */
  public Object fromBytes(byte[] bytes) {
    Object known = readKnownForm(bytes);
    if (known != null) {
      return known;
    }
    @Nullable String[] rejected = new String[1];
    try {
      return deserialize(bytes, rejected);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException((rejected[0] != null)
          ? "the serial filter rejects " + rejected[0] : "unreadable serialized form: " + e, e);
    }
  }

  /**
   * Reads a {@code String}, {@code Integer} or {@code Long} in the form {@link #toBytes} writes
   * for it without a stream (a shared cache decodes every value it reads from Redis); returns null
   * for any other form, or a number whose class the filter does not allow here, which then goes
   * through a stream and the filter as everything else does. A string is not checked: a stream
   * does not consult the filter for one either.
   */
  private @Nullable Object readKnownForm(byte[] bytes) {
    if (NumberForms.INTEGER.matches(bytes)) {
      return permits(Integer.class, bytes.length) ? (int) NumberForms.INTEGER.value(bytes) : null;
    }
    if (NumberForms.LONG.matches(bytes)) {
      return permits(Long.class, bytes.length) ? NumberForms.LONG.value(bytes) : null;
    }
    return readString(bytes);
  }

  /**
   * Returns whether the filter lets a stream read a {@code type} (a subclass of {@code Number}):
   * asked as the stream asks it, for the class and its superclass, at the deepest depth and most
   * references they could have, so that this answers yes only where the stream would.
   */
  private boolean permits(Class<?> type, long streamBytes) {
    ObjectInputFilter effective = effectiveFilter();
    return permitted(effective.checkInput(new KnownClass(type, streamBytes)))
        && permitted(effective.checkInput(new KnownClass(Number.class, streamBytes)));
  }

  /** Whether a stream goes on after the filter answered {@code status} (null: it does not). */
  private static boolean permitted(ObjectInputFilter.@Nullable Status status) {
    return status != null && status != ObjectInputFilter.Status.REJECTED;
  }

  /** What the filter is asked about a class of a known form. */
  private record KnownClass(Class<?> serialClass, long streamBytes)
      implements ObjectInputFilter.FilterInfo {
    @Override
    public long arrayLength() {
      return -1;
    }

    @Override
    public long depth() {
      return 2;
    }

    @Override
    public long references() {
      return 2;
    }
  }

  /** Reads what {@link #stringBytes} writes, or returns null for any other form. */
  private static @Nullable String readString(byte[] bytes) {
    if (bytes.length < 7 || bytes[0] != (byte) (ObjectStreamConstants.STREAM_MAGIC >>> 8)
        || bytes[1] != (byte) ObjectStreamConstants.STREAM_MAGIC
        || bytes[2] != (byte) (ObjectStreamConstants.STREAM_VERSION >>> 8)
        || bytes[3] != (byte) ObjectStreamConstants.STREAM_VERSION
        || bytes[4] != ObjectStreamConstants.TC_STRING
        || ((bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF)) != bytes.length - 7) {
      return null;
    }
    try {
      return new DataInputStream(new ByteArrayInputStream(bytes, 5, bytes.length - 5)).readUTF();
    } catch (IOException e) {
      return null;   // not well-formed: the stream says why
    }
  }

  /**
   * The serialized form of an {@code Integer} or a {@code Long} as {@link ObjectOutputStream}
   * writes it: always the same class descriptors, then the value's bytes last. Made once from a
   * stream, then copied with the value put in, so a number key costs no stream either.
   */
  private record NumberForms(byte[] template, int width) {
    static final NumberForms INTEGER = of(0, Integer.BYTES);
    static final NumberForms LONG = of(0L, Long.BYTES);

    private static NumberForms of(Object zero, int width) {
      try {
        return new NumberForms(serialize(zero), width);
      } catch (IOException e) {
        throw new IllegalStateException("cannot serialize " + zero.getClass().getName(), e);
      }
    }

    /** Returns whether {@code bytes} is this form with some value. */
    boolean matches(byte[] bytes) {
      int prefix = template.length - width;
      return bytes.length == template.length
          && Arrays.equals(bytes, 0, prefix, template, 0, prefix);
    }

    /** Returns the value of {@code bytes}, a {@link #matches matching} form. */
    long value(byte[] bytes) {
      long value = 0;
      for (int i = template.length - width; i < template.length; i++) {
        value = (value << 8) | (bytes[i] & 0xFF);
      }
      return (width == Integer.BYTES) ? (int) value : value;
    }

    byte[] bytes(long value) {
      byte[] bytes = template.clone();
      for (int i = 0; i < width; i++) {
        bytes[bytes.length - 1 - i] = (byte) (value >>> (8 * i));
      }
      return bytes;
    }
  }

  private static byte[] serialize(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  private Object deserialize(byte[] bytes, @Nullable String[] rejected)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(recording(rejected));
      return in.readObject();
    }
  }

  /**
   * Returns the cache's filter (merged with the JVM-wide one, if any) that also notes what it
   * rejected, for the message.
   */
  private ObjectInputFilter recording(@Nullable String[] rejected) {
    ObjectInputFilter effective = effectiveFilter();
    return info -> {
      ObjectInputFilter.Status status = effective.checkInput(info);
      if (status == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
        rejected[0] = describe(info);
      }
      return status;
    };
  }

  /** Returns the cache's filter, merged with the JVM-wide one if one is set. */
  private ObjectInputFilter effectiveFilter() {
    ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
    return (jvmWide == null) ? filter : ObjectInputFilter.merge(filter, jvmWide);
  }

  /** Says what the filter rejected: the class, and where in the graph (for the limits). */
  private static String describe(ObjectInputFilter.FilterInfo info) {
    Class<?> rejectedClass = info.serialClass();
    String where = "depth " + info.depth() + ", " + info.references() + " references"
        + ((info.arrayLength() >= 0) ? ", array length " + info.arrayLength() : "");
    return (rejectedClass == null) ? "an object graph (" + where + ")"
        : "class " + rejectedClass.getName() + " (" + where + ")";
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
