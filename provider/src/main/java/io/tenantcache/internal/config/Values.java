package io.tenantcache.internal.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.tenantcache.TenantCacheConfigurationException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed values from {@link Setting}s: each method either returns a value in its allowed
 * range or throws {@link TenantCacheConfigurationException} naming the setting, the value and what
 * is allowed.
 */
final class Values {
  static final String DURATION_UNITS = "units ns, us, ms, s, m, h, d; a bare number is ms";
  static final String INT_MAX = "2147483647";

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+(_\\d+)*");
  private static final Set<String> PRIMITIVES = Set.of(
      "boolean", "byte", "char", "short", "int", "long", "float", "double");

  private Values() {}

  /** Reads a whole number in {@code [min, max]}. */
  static long wholeNumber(Setting s, long min, long max, String allowed) {
    if (s.isNull()) {
      throw s.invalid("null is not allowed here", allowed);
    }
    Long number = asWholeNumber(s);
    if (number == null) {
      throw s.invalid("not a whole number", allowed);
    }
    if (number < min || number > max) {
      throw s.invalid((number < min) ? "too small" : "too large", allowed);
    }
    return number;
  }

  /** Reads a whole number in {@code [min, Integer.MAX_VALUE]}. */
  static int wholeInt(Setting s, int min, String allowed) {
    return (int) wholeNumber(s, min, Integer.MAX_VALUE, allowed);
  }

  private static @Nullable Long asWholeNumber(Setting s) {
    Object raw = s.value().unwrapped();
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof Number number) {
      double d = number.doubleValue();
      return (d == Math.rint(d) && Math.abs(d) < 0x1p62) ? (long) d : null;
    }
    if (raw instanceof String string) {
      String text = string.trim();
      if (WHOLE_NUMBER.matcher(text).matches()) {
        try {
          return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
          return null; // out of long's range
        }
      }
    }
    return null;
  }

  /** Reads a finite decimal number that {@code inRange} accepts. */
  static double decimal(Setting s, DoublePredicate inRange, String allowed) {
    if (s.isNull()) {
      throw s.invalid("null is not allowed here", allowed);
    }
    Object raw = s.value().unwrapped();
    double number;
    if (raw instanceof Number n) {
      number = n.doubleValue();
    } else if (raw instanceof String string) {
      try {
        number = Double.parseDouble(string.trim());
      } catch (NumberFormatException e) {
        throw s.invalid("not a number", allowed);
      }
    } else {
      throw s.invalid("not a number", allowed);
    }
    if (!Double.isFinite(number) || !inRange.test(number)) {
      throw s.invalid("out of range", allowed);
    }
    return number;
  }

  /** Reads true or false (HOCON also takes yes/no and on/off). */
  static boolean bool(Setting s) {
    String allowed = "true or false";
    if (s.isNull()) {
      throw s.invalid("null is not allowed here", allowed);
    }
    try {
      return s.source().getBoolean(s.sourcePath());
    } catch (ConfigException e) {
      throw s.invalid("not a boolean", allowed);
    }
  }

  /** Reads a string; numbers and booleans are not taken for strings. */
  static String string(Setting s, String allowed) {
    if (s.value().valueType() != ConfigValueType.STRING) {
      throw s.invalid(s.isNull() ? "null is not allowed here" : "not a string", allowed);
    }
    return ((String) s.value().unwrapped()).trim();
  }

  /** Reads one of {@code choices}, ignoring case. */
  static String choice(Setting s, List<String> choices) {
    String allowed = "one of " + String.join(", ", choices);
    String value = string(s, allowed).toLowerCase(Locale.ROOT);
    if (!choices.contains(value)) {
      throw s.invalid("not one of the choices", allowed);
    }
    return value;
  }

  /** Reads a duration of at least {@code min}. */
  static Duration duration(Setting s, Duration min, String allowed) {
    String allowedText = allowed + " (" + DURATION_UNITS + ")";
    if (s.isNull()) {
      throw s.invalid("null is not allowed here", allowedText);
    }
    Duration duration;
    try {
      duration = s.source().getDuration(s.sourcePath());
    } catch (ConfigException | ArithmeticException e) {
      throw s.invalid("not a duration", allowedText, e);
    }
    if (duration.compareTo(min) < 0) {
      throw s.invalid(duration.isNegative() ? "negative" : "too short", allowedText);
    }
    return duration;
  }

  /** Reads a list of positive durations. */
  static List<Duration> durations(Setting s, String allowed) {
    String allowedText = allowed + " (" + DURATION_UNITS + ")";
    List<Duration> durations;
    try {
      durations = s.source().getDurationList(s.sourcePath());
    } catch (ConfigException | ArithmeticException e) {
      throw s.invalid("not a list of durations", allowedText, e);
    }
    for (Duration duration : durations) {
      if (duration.isNegative() || duration.isZero()) {
        throw s.invalid("holds a duration that is not positive", allowedText);
      }
    }
    return List.copyOf(durations);
  }

  /** Reads a JCache expiry duration: {@code eternal}, or a duration of at least 0. */
  static javax.cache.expiry.Duration expiry(Setting s, String allowed) {
    Object raw = s.value().unwrapped();
    if (raw instanceof String string && "eternal".equalsIgnoreCase(string.trim())) {
      return javax.cache.expiry.Duration.ETERNAL;
    }
    return jcache(duration(s, Duration.ZERO, allowed));
  }

  /** Converts to a JCache duration in the largest unit that keeps it exact. */
  static javax.cache.expiry.Duration jcache(Duration d) {
    if (d.isZero()) {
      return javax.cache.expiry.Duration.ZERO;
    }
    if (d.toNanosPart() == 0) {
      long seconds = d.toSeconds();
      if (seconds % 86_400 == 0) {
        return new javax.cache.expiry.Duration(TimeUnit.DAYS, seconds / 86_400);
      } else if (seconds % 3_600 == 0) {
        return new javax.cache.expiry.Duration(TimeUnit.HOURS, seconds / 3_600);
      } else if (seconds % 60 == 0) {
        return new javax.cache.expiry.Duration(TimeUnit.MINUTES, seconds / 60);
      }
      return new javax.cache.expiry.Duration(TimeUnit.SECONDS, seconds);
    }
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) { // longer than 292 years, with a fraction of a second
      return new javax.cache.expiry.Duration(TimeUnit.SECONDS, d.toSeconds());
    }
    if (nanos % 1_000_000 == 0) {
      return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, nanos / 1_000_000);
    } else if (nanos % 1_000 == 0) {
      return new javax.cache.expiry.Duration(TimeUnit.MICROSECONDS, nanos / 1_000);
    }
    return new javax.cache.expiry.Duration(TimeUnit.NANOSECONDS, nanos);
  }

  /** Reads a weight: a whole number, or a size in bytes such as 512MiB. */
  static long weight(Setting s, String allowed) {
    if (s.value().valueType() == ConfigValueType.STRING && asWholeNumber(s) == null) {
      long bytes;
      try {
        bytes = s.source().getBytes(s.sourcePath());
      } catch (ConfigException | ArithmeticException e) {
        throw s.invalid("neither a whole number nor a size in bytes", allowed, e);
      }
      if (bytes < 0) {
        throw s.invalid("negative", allowed);
      }
      return bytes;
    }
    return wholeNumber(s, 0, Long.MAX_VALUE, allowed);
  }

  /**
   * Loads the class a setting names, with {@code loader}; {@code Outer.Inner} is also tried as
   * {@code Outer$Inner}. The class is not initialized.
   */
  static Class<?> loadClass(Setting s, ClassLoader loader, String allowed) {
    String name = string(s, allowed);
    if (name.isEmpty()) {
      throw s.invalid("a blank class name", allowed);
    }
    Throwable failure = null;
    for (String candidate = name; candidate != null; candidate = nestedName(candidate)) {
      try {
        return Class.forName(candidate, false, loader);
      } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    String hint = PRIMITIVES.contains(name) ? " (a primitive type is not a class: use its wrapper, "
        + "e.g. java.lang.Integer for int)" : "";
    throw s.invalid("no such class on the CacheManager's class loader" + hint, allowed, failure);
  }

  /** Returns {@code a.b.C$D} for {@code a.b.C.D}, or null when there is no dot left to change. */
  private static @Nullable String nestedName(String name) {
    int dot = name.lastIndexOf('.');
    return (dot <= 0) ? null : name.substring(0, dot) + '$' + name.substring(dot + 1);
  }

  /**
   * Loads the class a setting names and checks that it is a public, concrete class that
   * implements {@code type} and has a public no-argument constructor.
   */
  static Class<?> implementation(Setting s, ClassLoader loader, Class<?> type, String allowed) {
    Class<?> found = loadClass(s, loader, allowed);
    if (!type.isAssignableFrom(found)) {
      throw s.invalid("the class " + found.getName() + " does not implement " + type.getName(),
          allowed);
    }
    if (found.isInterface() || Modifier.isAbstract(found.getModifiers())) {
      throw s.invalid("the class " + found.getName() + " is abstract, so it cannot be created",
          allowed);
    }
    if (!Modifier.isPublic(found.getModifiers())) {
      throw s.invalid("the class " + found.getName() + " is not public", allowed);
    }
    constructor(s, found, allowed);
    return found;
  }

  private static Constructor<?> constructor(Setting s, Class<?> type, String allowed) {
    try {
      return type.getConstructor();
    } catch (NoSuchMethodException | LinkageError | SecurityException e) {
      throw s.invalid("the class " + type.getName() + " has no public no-argument constructor",
          allowed, e);
    }
  }

  /** Like {@link #implementation}, then creates an instance. */
  static <T> T instance(Setting s, ClassLoader loader, Class<T> type, String allowed) {
    Class<?> found = implementation(s, loader, type, allowed);
    try {
      return type.cast(constructor(s, found, allowed).newInstance());
    } catch (InvocationTargetException e) {
      throw s.invalid("the constructor of " + found.getName() + " threw " + e.getCause(), allowed,
          e.getCause());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      throw s.invalid("the class " + found.getName() + " cannot be instantiated: " + e, allowed, e);
    }
  }

  /** Describes a class setting's allowed values. */
  static String classAllowed(Class<?> type) {
    return "the name of a public class that implements " + type.getName()
        + " and has a public no-argument constructor";
  }
}
