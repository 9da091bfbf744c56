package io.tenantcache.internal.cache;

import static io.tenantcache.internal.cache.BadInputSupport.resultWithin;
import static io.tenantcache.internal.cache.BadInputSupport.thrownWithin;
import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.CacheFixture.contents;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.retry.RetryConfig;
import io.tenantcache.LoadResilience;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.SeededCache;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Callbacks that call back into their own cache. An entry processor, a writer or a loader run by
 * {@code invoke} runs under the entry's lock: changing the cache from there fails at once with an
 * {@link IllegalStateException} that names the cache and the problem (Caffeine alone would throw
 * a bare "Recursive update", silently lose one of the two updates, or deadlock against another
 * thread). A loader asking the cache for a key it is loading fails the same way instead of waiting
 * for itself, on whatever thread it runs. Reads, and changes made from where no lock is held
 * (a loader run by {@code get}, a listener), work. Every call is bounded: a hang fails the test.
 */
final class BadInputReentrancyTest {
  @AutoClose private final SeededCache seeded = SeededCache.seededBy(cache -> {
    cache.put("k", "v");
    cache.put("other", "o");
  });
  private final Cache<String, String> cache = seeded.cache;
  private final CacheFixture fixture = seeded.fixture;


  private static void assertReentrantUpdate(Throwable failure, Class<? extends Throwable> wrapper,
      Cache<?, ?> cache) {
    assertThat(failure).isInstanceOf(wrapper).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(failure.getCause())
        .hasMessageContaining("cache '" + cache.getName() + "'")
        .hasMessageContaining("re-entrant update");
  }

  @TestFactory
  Stream<DynamicTest> processorChangingItsOwnCache_isEntryProcessorException_cacheUnchanged() {
    Map<String, EntryProcessor<String, String, Object>> processors = new LinkedHashMap<>();
    processors.put("put its own (present) key", (entry, args) -> {
      cache.put("k", "inner");
      return null;
    });
    processors.put("put its own (absent) key", (entry, args) -> {
      cache.put(entry.getKey(), "inner");
      return null;
    });
    processors.put("set its value, then put it", (entry, args) -> {
      entry.setValue("outer");
      cache.put("k", "inner");
      return null;
    });
    processors.put("remove its own key", (entry, args) -> cache.remove("k"));
    processors.put("invoke on its own key", (entry, args) ->
        cache.invoke("k", (inner, innerArgs) -> "inner"));
    processors.put("put another key", (entry, args) -> {
      cache.put("elsewhere", "inner");
      return null;
    });
    processors.put("remove another key", (entry, args) -> cache.remove("other"));
    processors.put("clear the tenant", (entry, args) -> {
      cache.clear();
      return null;
    });
    return processors.entrySet().stream().flatMap(processor -> Stream.of("k", "absent")
        .map(key -> DynamicTest.dynamicTest(processor.getKey() + ", invoked on " + key, () -> {
          Throwable failure = thrownWithin(() -> cache.invoke(key, processor.getValue()));
          assertReentrantUpdate(failure, EntryProcessorException.class, cache);
          seeded.assertUnchanged();
        })));
  }

  @Test
  void processorReadingItsOwnCache_works() {
    String seen = resultWithin(() -> cache.invoke("k", (entry, args) ->
        cache.get("k") + "/" + cache.get("other") + "/" + cache.containsKey("absent")));

    assertThat(seen).isEqualTo("v/o/false");
    seeded.assertUnchanged();
  }

  @Test
  void writerChangingItsOwnCache_isCacheWriterException_cacheUnchanged() {
    Cache<String, String>[] self = newHolder();
    Cache<String, String> writing = fixture.create(fixture.builder(String.class, String.class)
        .writeThrough(writer(key -> self[0].put(key, "from the writer"))));
    self[0] = writing;
    Tenants.run("acme", () -> writing.put("k", "v"));   // the writer fails only while armed
    Map<String, Map<String, String>> held = contents(writing);
    armed = true;

    for (Callable<?> call : java.util.List.<Callable<?>>of(
        () -> Tenants.call("acme", () -> writing.getAndPut("k", "new")),
        () -> Tenants.call("acme", () -> writing.getAndPut("x", "new")),
        () -> Tenants.call("acme", () -> writing.remove("k")))) {
      assertReentrantUpdate(thrownWithin(call), CacheWriterException.class, writing);
      assertUnchanged(writing, held);
    }
  }

  private volatile boolean armed;

  private Factory<CacheWriter<? super String, ? super String>> writer(
      java.util.function.Consumer<String> onWrite) {
    return () -> new CacheWriter<String, String>() {
      @Override
      public void write(Cache.Entry<? extends String, ? extends String> entry) {
        if (armed) {
          onWrite.accept(entry.getKey());
        }
      }

      @Override
      public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
        entries.clear();
      }

      @Override
      public void delete(Object key) {
        if (armed) {
          onWrite.accept((String) key);
        }
      }

      @Override
      public void deleteAll(Collection<?> keys) {
        keys.clear();
      }
    };
  }

  /** How the load path runs the loader: on the caller, on the pool with a time limit, retried. */
  enum Threading {
    DIRECT(LoadResilience.NONE),
    TIME_LIMITED(LoadResilience.builder().timeout(Duration.ofSeconds(30)).build()),
    RETRIED(LoadResilience.builder()
        .retry(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(1)).build())
        .build());

    final LoadResilience resilience;

    Threading(LoadResilience resilience) {
      this.resilience = resilience;
    }
  }

  @ParameterizedTest
  @EnumSource(Threading.class)
  void loaderReadingAKeyItIsLoading_isCacheLoaderException_notAHang(Threading threading) {
    Cache<String, String>[] self = newHolder();
    Cache<String, String> loading = fixture.create(fixture.builder(String.class, String.class)
        .resilience(threading.resilience)
        .readThrough(loader(key -> "loaded-" + self[0].get(key))));
    self[0] = loading;
    Map<String, Map<String, String>> held = contents(loading);

    for (Callable<?> call : java.util.List.<Callable<?>>of(
        () -> loading.get("x"),
        () -> loading.getAll(Set.of("x", "y")),
        () -> loading.invoke("x", (entry, args) -> entry.getValue()))) {
      Throwable failure = thrownWithin(call);
      assertThat(failure).isInstanceOf(CacheLoaderException.class)
          .hasRootCauseInstanceOf(IllegalStateException.class);
      assertThat(rootCause(failure))
          .hasMessageContaining("the CacheLoader of cache '" + loading.getName() + "'")
          .hasMessageContaining("called back into the cache for a key it is loading");
      assertUnchanged(loading, held);
    }
  }

  @ParameterizedTest
  @EnumSource(Threading.class)
  void loaderOfABatchReadingAnotherKeyOfTheBatch_isCacheLoaderException_notAHang(
      Threading threading) {
    Cache<String, String>[] self = newHolder();
    Cache<String, String> loading = fixture.create(fixture.builder(String.class, String.class)
        .resilience(threading.resilience)
        .readThrough(loader(key -> key.equals("x") ? "loaded-" + self[0].get("y") : "loaded-y")));
    self[0] = loading;

    Throwable failure = thrownWithin(() -> loading.getAll(Set.of("x", "y")));

    assertThat(rootCause(failure)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("called back into the cache for a key it is loading");
    assertThat(CacheFixture.contents(loading)).isEmpty();
  }

  @Test
  void loaderReadingAnotherKey_loadsItToo() {
    Cache<String, String>[] self = newHolder();
    Cache<String, String> loading = fixture.create(fixture.builder(String.class, String.class)
        .readThrough(loader(key -> key.equals("x") ? "x+" + self[0].get("y") : "plain-" + key)));
    self[0] = loading;

    assertThat(resultWithin(() -> loading.get("x"))).isEqualTo("x+plain-y");
    assertThat(CacheFixture.entries(loading)).containsOnlyKeys("x", "y");
  }

  @Test
  void loaderRunByGetWritingItsOwnKey_works_andTheWriteWins() {
    Cache<String, String>[] self = newHolder();
    Cache<String, String> loading = fixture.create(fixture.builder(String.class, String.class)
        .readThrough(loader(key -> {
          self[0].put(key, "written by the loader");
          return "loaded";
        })));
    self[0] = loading;

    assertThat(resultWithin(() -> loading.get("x"))).as("the get reads after the write")
        .isEqualTo("written by the loader");
    assertThat(loading.get("x")).isEqualTo("written by the loader");
  }

  @Test
  void loaderRunByInvokeWritingTheCache_works_asForAGet_forItLoadsOutsideTheEntrysLock() {
    Cache<String, String>[] self = newHolder();
    Cache<String, String> loading = fixture.create(fixture.builder(String.class, String.class)
        .readThrough(loader(key -> {
          self[0].put("elsewhere", "written by the loader");
          return "loaded";
        })));
    self[0] = loading;

    String read = resultWithin(() -> loading.invoke("x", (entry, args) -> entry.getValue()));
    assertThat(read).isEqualTo("loaded");
    assertThat(CacheFixture.entries(loading))
        .containsOnly(Map.entry("x", "loaded"), Map.entry("elsewhere", "written by the loader"));
  }

  @Test
  void synchronousListenerWritingItsOwnCache_works() {
    Factory<CacheEntryListener<? super String, ? super String>> factory =
        () -> (CacheEntryCreatedListener<String, String>) events -> events.forEach(event -> {
          if (!event.getKey().startsWith("echo-")) {
            cache.put("echo-" + event.getKey(), event.getValue());
          }
        });
    cache.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(factory, null, false, true));

    resultWithin(() -> {
      cache.put("x", "1");
      return null;
    });

    assertThat(cache.get("echo-x")).isEqualTo("1");
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable current = failure;
    while (current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Cache<String, String>[] newHolder() {
    return new Cache[1];
  }

  private static Factory<CacheLoader<String, String>> loader(Function<String, String> load) {
    return () -> new CacheLoader<>() {
      @Override
      public String load(String key) {
        return load.apply(key);
      }

      @Override
      public Map<String, String> loadAll(Iterable<? extends String> keys) {
        Map<String, String> loaded = new HashMap<>();
        keys.forEach(key -> loaded.put(key, load.apply(key)));
        return loaded;
      }
    };
  }
}
