package io.tenantcache.benchmarks;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * The retained size of a cache's object graph, object sizes from JOL. Like {@link
 * GraphLayout#parseInstance} but it stops at what a cache only points to and does not own:
 * threads, thread pools and executors, class loaders, classes, cache managers and providers,
 * MBean servers. (JOL's own walker would follow a cache's executor into the common pool's worker
 * threads, and from there into class loaders and everything they hold.)
 */
final class ObjectGraphSize {
  private static final Set<Class<?>> STOP_AT = Set.of(Thread.class, ThreadGroup.class,
      ClassLoader.class, Class.class, Executor.class, CacheManager.class, CachingProvider.class,
      MBeanServer.class);
  private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

  static {
    // Lambdas and records have no Unsafe field offset; JOL then needs its "magic" offsets (or
    // Instrumentation: run with -Djdk.attach.allowAttachSelf=true).
    if (System.getProperty("jol.magicFieldOffset") == null) {
      System.setProperty("jol.magicFieldOffset", "true");
    }
  }

  private ObjectGraphSize() {}

  /** Returns the bytes of every object reachable from {@code root} (roots excluded only if stopped). */
  static long of(Object root) {
    VirtualMachine vm = VM.current();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object> pending = new ArrayDeque<>();
    pending.add(root);
    seen.add(root);
    long bytes = 0;
    while (!pending.isEmpty()) {
      Object object = pending.poll();
      bytes += vm.sizeOf(object);
      Class<?> type = object.getClass();
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (int i = 0, n = Array.getLength(object); i < n; i++) {
            visit(((Object[]) object)[i], seen, pending);
          }
        }
        continue;
      }
      for (Field field : referenceFields(type)) {
        visit(read(vm, object, field), seen, pending);
      }
    }
    return bytes;
  }

  /** JOL's own walk, for comparison where nothing shared is reachable. */
  static long jolGraphLayout(Object root) {
    return GraphLayout.parseInstance(root).totalSize();
  }

  private static void visit(Object child, Set<Object> seen, ArrayDeque<Object> pending) {
    if (child != null && !stops(child) && seen.add(child)) {
      pending.add(child);
    }
  }

  private static boolean stops(Object object) {
    for (Class<?> type : STOP_AT) {
      if (type.isInstance(object)) {
        return true;
      }
    }
    return false;
  }

  private static Object read(VirtualMachine vm, Object object, Field field) {
    try {
      return vm.getObject(object, vm.fieldOffset(field));
    } catch (RuntimeException offsetUnavailable) {
      // records and hidden classes (lambdas) have no Unsafe field offset: read reflectively
      try {
        field.setAccessible(true);
        return field.get(object);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalStateException("cannot read " + field + " of " + object.getClass(), e);
      }
    }
  }

  private static List<Field> referenceFields(Class<?> type) {
    return FIELDS.computeIfAbsent(type, t -> {
      List<Field> fields = new ArrayList<>();
      for (Class<?> c = t; c != null; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
            fields.add(field);
          }
        }
      }
      return fields;
    });
  }
}
