package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.CacheFixture.contents;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ThrowingRunnable;
import io.tenantcache.testing.RecordingWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A cache typed {@code String -> Integer}, used through raw types: every call with a key or value
 * of another type fails with {@link ClassCastException} that names the cache and both types, before
 * anything reaches the store, the loader or the writer, and the cache is left as it was. A loader
 * or entry processor that makes a value of the wrong type fails the same way.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class BadInputTypeTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  private Cache<String, Integer> cache;
  private Cache raw;
  private final RecordingWriter<String, Integer> writer = new RecordingWriter<>();
  private Map<String, Map<String, Integer>> before;

  @BeforeEach
  void setUp() {
    cache = fixture.create(fixture.builder(String.class, Integer.class)
        .writeThrough(FactoryBuilder.factoryOf(writer))
        .loader((javax.cache.configuration.Factory) FactoryBuilder.factoryOf(new WrongTypeLoader())));
    raw = cache;
    cache.put("k", 1);
    cache.put("m", 2);
    writer.clear();
    before = contents(cache);
  }

  @TestFactory
  Stream<DynamicTest> wrongKeyOrValueType_isClassCastException_nothingTouched() {
    EntryProcessor processor = (entry, args) -> "r";
    Map<String, ThrowingRunnable> calls = new LinkedHashMap<>();
    calls.put("put(Integer key)", () -> raw.put(1, 1));
    calls.put("put(String value)", () -> raw.put("k", "one"));
    calls.put("putAll(one good, one bad value)", () -> raw.putAll(map("x", 9, "y", "nine")));
    calls.put("putAll(one good, one bad key)", () -> raw.putAll(map("x", 9, 7, 9)));
    calls.put("putIfAbsent(bad value)", () -> raw.putIfAbsent("x", "v"));
    calls.put("getAndPut(bad key)", () -> raw.getAndPut(1L, 1));
    calls.put("replace(k, bad value)", () -> raw.replace("k", "v"));
    calls.put("replace(k, old, bad value)", () -> raw.replace("k", 1, "v"));
    calls.put("getAndReplace(bad value)", () -> raw.getAndReplace("k", "v"));
    calls.put("get(bad key)", () -> raw.get(1));
    calls.put("containsKey(bad key)", () -> raw.containsKey(1));
    calls.put("getAll(good and bad key)", () -> raw.getAll(Set.of("k", 1)));
    calls.put("remove(bad key)", () -> raw.remove(1));
    calls.put("remove(bad key, v)", () -> raw.remove(1, 1));
    calls.put("getAndRemove(bad key)", () -> raw.getAndRemove(1));
    calls.put("removeAll(good and bad key)", () -> raw.removeAll(Set.of("k", 1)));
    calls.put("invoke(bad key)", () -> raw.invoke(1, processor));
    calls.put("invokeAll(good and bad key)", () -> raw.invokeAll(Set.of("k", 1), processor));
    calls.put("loadAll(bad key)", () -> raw.loadAll(Set.of(1), true, null));
    calls.put("invoke setting a bad value", () -> raw.invoke("k", (EntryProcessor) (entry, args) -> {
      entry.setValue("not an Integer");
      return null;
    }));
    return calls.entrySet().stream().map(call -> DynamicTest.dynamicTest(call.getKey(), () -> {
      Throwable failure = thrown(call.getValue());
      assertThat(failure).isInstanceOf(ClassCastException.class)
          .hasMessageContaining("cache '" + cache.getName() + "' holds ")
          .hasMessageContaining(", not java.lang.");
      assertUnchanged(cache, before);
      assertThat(writer.calls()).as("nothing reached the writer").isEmpty();
    }));
  }

  @Test
  void loaderReturningWrongType_isCacheLoaderException_nothingStored() throws Exception {
    Cache<String, Integer> readThrough = fixture.create(fixture.builder(String.class, Integer.class)
        .readThrough((javax.cache.configuration.Factory) FactoryBuilder.factoryOf(new WrongTypeLoader())));

    Throwable failure = thrown(() -> readThrough.get("x"));
    assertThat(failure).isInstanceOf(CacheLoaderException.class)
        .hasCauseInstanceOf(ClassCastException.class);
    assertThat(failure.getCause()).hasMessageContaining("java.lang.Integer");
    assertThat(thrown(() -> readThrough.getAll(Set.of("y", "z"))))
        .isInstanceOf(CacheLoaderException.class).hasCauseInstanceOf(ClassCastException.class);

    CompletableFuture<Throwable> loadAll = new CompletableFuture<>();
    readThrough.loadAll(Set.of("w"), false, new CompletionListener() {
      @Override
      public void onCompletion() {
        loadAll.complete(null);
      }

      @Override
      public void onException(Exception e) {
        loadAll.complete(e);
      }
    });
    assertThat(loadAll.get(5, TimeUnit.SECONDS)).isInstanceOf(CacheLoaderException.class)
        .hasCauseInstanceOf(ClassCastException.class);
    assertThat(CacheFixture.contents(readThrough)).isEmpty();
  }

  @Test
  void getCacheWithOtherTypes_isClassCastException() {
    assertThat(thrown(() -> fixture.manager.getCache(cache.getName(), String.class, String.class)))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("java.lang.String -> java.lang.Integer");
  }

  private static Map map(Object k1, Object v1, Object k2, Object v2) {
    Map map = new LinkedHashMap();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  /** Loads Strings for an Integer cache (a raw loader, as a misconfigured one would be). */
  static final class WrongTypeLoader implements CacheLoader, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object load(Object key) {
      return "a string for " + key;
    }

    @Override
    public Map loadAll(Iterable keys) {
      Map loaded = new java.util.HashMap();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

}
