package io.tenantcache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A child-first class loader: it defines itself the classes it {@code owns} (from its parent's
 * class files, so they are distinct classes from the parent's), refuses those it is told to
 * (recording their names, as a class path without them would), and leaves the rest to its parent.
 */
public final class IsolatingClassLoader extends ClassLoader {
  private final Predicate<String> owns;
  private final Predicate<String> refuses;
  private final List<String> refused = new CopyOnWriteArrayList<>();

  /** A loader named {@code name} over {@code parent}. */
  public IsolatingClassLoader(String name, ClassLoader parent, Predicate<String> owns,
      Predicate<String> refuses) {
    super(name, parent);
    this.owns = owns;
    this.refuses = refuses;
  }

  /** Returns the names of the classes it refused so far, in order. */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (refuses.test(name)) {
      refused.add(name);
      throw new ClassNotFoundException(name + " is not on this class path");
    }
    if (!owns.test(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          loaded = defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }
}
