package io.tenantcache.internal.config;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheConfigurationException;
import java.lang.reflect.InvocationTargetException;
import javax.cache.configuration.Factory;
import org.jspecify.annotations.Nullable;

/**
 * A serializable JCache {@link Factory} that creates an instance of a class named in a
 * configuration file, through its public no-argument constructor, like {@code
 * FactoryBuilder.ClassFactory} but with the class loaded by the CacheManager's class loader.
 *
 * <p>The class loader is not serialized: a deserialized factory uses the thread's context class
 * loader (else the provider's). Two factories are equal when they name the same class for the
 * same use.
 *
 * @param <T> what the factory creates
 */
final class ClassFactory<T> implements Factory<T> {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String className;
  private final Class<?> expectedType;
  private transient @Nullable ClassLoader classLoader;

  /**
   * A factory for {@code className}, which must implement {@code expectedType}.
   *
   * @param setting the full path of the setting that names the class, for error messages
   */
  public ClassFactory(String setting, String className, Class<?> expectedType,
      ClassLoader classLoader) {
    this.setting = requireNonNull(setting, "setting");
    this.className = requireNonNull(className, "className");
    this.expectedType = requireNonNull(expectedType, "expectedType");
    this.classLoader = requireNonNull(classLoader, "classLoader");
  }

  /** Returns the binary name of the class this factory creates. */
  public String className() {
    return className;
  }

  /** Returns the full path of the setting that named the class. */
  public String setting() {
    return setting;
  }

  /**
   * Creates a new instance.
   *
   * @throws TenantCacheConfigurationException if the class cannot be loaded or instantiated
   */
  @Override
  public T create() {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw failure("cannot be loaded", e);
    }
    if (!expectedType.isAssignableFrom(type)) {
      throw failure("does not implement " + expectedType.getName(), null);
    }
    try {
      @SuppressWarnings("unchecked")
      T instance = (T) type.getConstructor().newInstance();
      return instance;
    } catch (InvocationTargetException e) {
      throw failure("threw from its constructor", e.getCause());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      throw failure("cannot be instantiated (it needs a public no-argument constructor)", e);
    }
  }

  private ClassLoader loader() {
    ClassLoader loader = classLoader;
    if (loader == null) {
      loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = ClassFactory.class.getClassLoader();
      }
      classLoader = loader;
    }
    return loader;
  }

  private TenantCacheConfigurationException failure(String problem, @Nullable Throwable cause) {
    return new TenantCacheConfigurationException(setting, setting + " = \"" + className
        + "\": the class " + problem, cause);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return (o instanceof ClassFactory<?> other)
        && className.equals(other.className)
        && expectedType.equals(other.expectedType);
  }

  @Override
  public int hashCode() {
    return 31 * className.hashCode() + expectedType.hashCode();
  }

  @Override
  public String toString() {
    return "ClassFactory[" + className + "]";
  }
}
