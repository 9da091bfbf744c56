package io.tenantcache.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AutoClose;

/**
 * Closes what a test opened along the way, last opened first, when the test ends ({@code
 * @AutoClose}); the first failure is thrown, the others added to it.
 */
public final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Returns {@code resource}, to be closed with the test. */
  public synchronized <T extends AutoCloseable> T open(T resource) {
    opened.push(resource);
    return resource;
  }

  @Override
  public synchronized void close() throws Exception {
    Exception failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
