package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.CacheFixture.contents;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.internal.cache.BadInputSupport.HoldsNotSerializable;
import io.tenantcache.internal.cache.BadInputSupport.NotSerializable;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ThrowingRunnable;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Store-by-value (the JCache default) copies keys and values by serialization. A key or value that
 * cannot be copied fails the call with {@link IllegalArgumentException} naming its class and the
 * two ways out, before the writer or any listener hears of it; {@code putAll} with one such entry
 * stores none of them.
 */
final class BadInputCopyTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();
  private Cache<Object, Object> cache;
  private final RecordingWriter<Object, Object> writer = new RecordingWriter<>();
  private final RecordingListener<Object, Object> listener = new RecordingListener<>();
  private Map<String, Map<Object, Object>> before;

  @BeforeEach
  void setUp() {
    cache = fixture.create(fixture.builder(Object.class, Object.class)
        .writeThrough(FactoryBuilder.factoryOf(writer))
        .addListener(listener.configuration(true)));
    cache.put("k", "v");
    writer.clear();
    before = contents(cache);
  }

  @TestFactory
  Stream<DynamicTest> uncopyableKeyOrValue_isIllegalArgumentException_nothingWrittenOrStored() {
    Object bad = new NotSerializable("value");
    Object deep = new HoldsNotSerializable();
    Map<String, ThrowingRunnable> calls = new LinkedHashMap<>();
    calls.put("put(k, not serializable)", () -> cache.put("k", bad));
    calls.put("put(new key, not serializable)", () -> cache.put("x", bad));
    calls.put("put(not serializable key)", () -> cache.put(new NotSerializable("key"), "v"));
    calls.put("put(serializable holding a part that is not)", () -> cache.put("x", deep));
    calls.put("getAndPut", () -> cache.getAndPut("k", bad));
    calls.put("putIfAbsent", () -> cache.putIfAbsent("x", bad));
    calls.put("replace(k, v)", () -> cache.replace("k", bad));
    calls.put("replace(k, old, new)", () -> cache.replace("k", "v", bad));
    calls.put("getAndReplace", () -> cache.getAndReplace("k", bad));
    calls.put("putAll(good entries and one bad)", () -> cache.putAll(badInTheMiddle(bad)));
    calls.put("putAll(one bad key)", () -> cache.putAll(Map.of(new NotSerializable("key"), "v")));
    calls.put("invoke(not serializable key)",
        () -> cache.invoke(new NotSerializable("key"), (entry, args) -> null));
    return calls.entrySet().stream().map(call -> DynamicTest.dynamicTest(call.getKey(), () -> {
      Throwable failure = thrown(call.getValue());
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not Serializable")
          .hasMessageContaining("store-by-value cache copies");
      assertUnchanged(cache, before);
      assertThat(writer.calls()).as("nothing reached the writer").isEmpty();
      assertThat(listener.events()).as("no event").hasSize(1);   // the setup's put
    }));
  }

  @Test
  void uncopyableValue_messageNamesItsClass() {
    assertThat(thrown(() -> cache.put("k", new NotSerializable("v"))))
        .hasMessageContaining(NotSerializable.class.getName())
        .hasMessageContaining("make it Serializable or configure the cache as store-by-reference");
    assertThat(thrown(() -> cache.put("k", new HoldsNotSerializable())))
        .hasMessageContaining("a part of " + HoldsNotSerializable.class.getName())
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void processorSettingUncopyableValue_failsTheInvoke_cacheUnchanged() {
    EntryProcessor<Object, Object, Object> setBad = (entry, args) -> {
      entry.setValue(new NotSerializable("from processor"));
      return "done";
    };

    Throwable failure = thrown(() -> cache.invoke("k", setBad));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(NotSerializable.class.getName());
    assertUnchanged(cache, before);
    assertThat(writer.calls()).isEmpty();
  }

  @Test
  void loaderReturningUncopyableValue_isCacheLoaderException_nothingStored() {
    Cache<String, Object> readThrough = fixture.create(fixture.builder(String.class, Object.class)
        .readThrough(FactoryBuilder.factoryOf(new UncopyableLoader())));

    Throwable failure = thrown(() -> readThrough.get("x"));
    assertThat(failure).isInstanceOf(CacheLoaderException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(failure.getCause()).hasMessageContaining(NotSerializable.class.getName());
    assertThat(thrown(() -> readThrough.getAll(Set.of("y"))))
        .isInstanceOf(CacheLoaderException.class);
    assertThat(CacheFixture.contents(readThrough)).isEmpty();
  }

  @Test
  void storeByReference_takesAnything() {
    Cache<Object, Object> byReference = fixture.create(fixture.builder(Object.class, Object.class)
        .storeByValue(false));
    NotSerializable value = new NotSerializable("v");

    byReference.put(new NotSerializable("k"), value);
    byReference.put("k", value);

    assertThat(byReference.get("k")).isSameAs(value);
  }

  private static Map<Object, Object> badInTheMiddle(Object bad) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("a", "1");
    map.put("b", bad);
    map.put("c", "3");
    return map;
  }

  static final class UncopyableLoader implements CacheLoader<String, Object>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object load(String key) {
      return new NotSerializable(key);
    }

    @Override
    public Map<String, Object> loadAll(Iterable<? extends String> keys) {
      Map<String, Object> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
