package io.tenantcache.internal.cache;

import static io.tenantcache.internal.cache.LinearizabilitySupport.INCREMENT;

import io.tenantcache.internal.cache.LinearizabilitySupport.Setup;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Linearizability of one tenant's partition, checked by Lincheck against a {@link HashMap}: get,
 * put, remove, putIfAbsent, replace, getAndPut and invoke (an increment) on three keys, from two
 * threads, for each {@link Setup} (a put as one map write, every change as a compute with an
 * event, read-through loads). Stress runs random scenarios on real threads; model checking walks
 * the interleavings of each scenario at every shared-memory access, Caffeine's included.
 */
// Model checking first: after a stress run in the same JVM, Lincheck 3.7's model checking can fail
// in its own snapshot restore (ConcurrentModificationException in SnapshotTracker.restoreValues,
// JetBrains/lincheck#615), which says nothing about the cache.
@TestMethodOrder(MethodOrderer.MethodName.class)
final class LinearizabilityPartitionIT {
  @BeforeAll
  static void warmUp() {
    LinearizabilitySupport.assumeOwnJvm();
    LinearizabilitySupport.warmUp();
  }

  @ParameterizedTest
  @EnumSource(Setup.class)
  void stress(Setup setup) {
    LinearizabilitySupport.setup = setup;
    LinearizabilitySupport.stress(3, 200).sequentialSpecification(Spec.class)
        .check(Partition.class);
  }

  @ParameterizedTest
  @EnumSource(Setup.class)
  void modelChecking(Setup setup) {
    LinearizabilitySupport.setup = setup;
    LinearizabilitySupport.modelChecking(2, 25).sequentialSpecification(Spec.class)
        .check(Partition.class);
  }

  /** The operations under test, on a fresh cache per Lincheck invocation (the default tenant). */
  @Param(name = "key", gen = IntGen.class, conf = "1:3")
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  public static final class Partition {
    private final Cache<Integer, Integer> cache = LinearizabilitySupport.newCache();

    @Operation(params = {"key"})
    public Integer get(int key) {
      return cache.get(key);
    }

    @Operation(params = {"key", "value"})
    public void put(int key, int value) {
      cache.put(key, value);
    }

    @Operation(params = {"key"})
    public boolean remove(int key) {
      return cache.remove(key);
    }

    @Operation(params = {"key", "value"})
    public boolean putIfAbsent(int key, int value) {
      return cache.putIfAbsent(key, value);
    }

    @Operation(params = {"key", "value"})
    public boolean replace(int key, int value) {
      return cache.replace(key, value);
    }

    @Operation(params = {"key", "value"})
    public Integer getAndPut(int key, int value) {
      return cache.getAndPut(key, value);
    }

    @Operation(params = {"key"})
    public Integer invoke(int key) {
      return cache.invoke(key, INCREMENT);
    }
  }

  /** The sequential specification: a plain map (loading absent keys under read-through). */
  public static final class Spec {
    private final Map<Integer, Integer> map = new HashMap<>();
    private final boolean readThrough = LinearizabilitySupport.setup == Setup.READ_THROUGH;

    public Integer get(int key) {
      return LinearizabilitySupport.read(map, key, readThrough);
    }

    public void put(int key, int value) {
      map.put(key, value);
    }

    public boolean remove(int key) {
      return map.remove(key) != null;
    }

    public boolean putIfAbsent(int key, int value) {
      return map.putIfAbsent(key, value) == null;
    }

    public boolean replace(int key, int value) {
      return map.replace(key, value) != null;
    }

    public Integer getAndPut(int key, int value) {
      return map.put(key, value);
    }

    public Integer invoke(int key) {
      return LinearizabilitySupport.increment(map, key, readThrough);
    }
  }
}
