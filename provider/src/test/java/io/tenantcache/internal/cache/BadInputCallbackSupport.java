package io.tenantcache.internal.cache;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.internal.cache.BadInputSupport.Failure;
import io.tenantcache.testing.CacheFixture;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import org.junit.jupiter.api.AutoClose;

/**
 * What the tests of BadInputCallbackTest and BadInputExpiryAndProcessorTest share: their fixtures
 * and helpers.
 */
abstract class BadInputCallbackSupport {
  @AutoClose final CacheFixture fixture = new CacheFixture();
  final Faults faults = new Faults();
  Map<String, Map<String, String>> before;

  /** A cache with two tenants' entries, "k" for each, whose snapshot is taken. */
  Cache<String, String> seeded(TenantCacheConfiguration.Builder<String, String> builder) {
    Cache<String, String> cache = fixture.create(builder);
    faults.failure = null;
    before = CacheFixture.seed(cache, "acme", "globex");
    return cache;
  }

  static void assertCause(Throwable failure, Class<? extends Throwable> wrapper,
      Failure kind) {
    assertThat(failure).isInstanceOf(wrapper);
    assertThat(failure.getCause()).isNotNull();
    assertThat(failure.getCause().getClass()).isEqualTo(kind.create().getClass());
  }

  /** An exception is wrapped in {@code wrapper}; an Error passes through as it is. */
  static void assertWrappedOrError(Throwable failure, Class<? extends Throwable> wrapper,
      Failure kind) {
    if (kind.isError()) {
      assertThat(failure.getClass()).isEqualTo(kind.create().getClass());
      assertThat(failure).hasMessage(kind.create().getMessage());
    } else {
      assertCause(failure, wrapper, kind);
    }
  }

  static Throwable loadAllFailure(Cache<String, String> cache, Set<String> keys)
      throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    cache.loadAll(keys, true, new CompletionListener() {
      @Override
      public void onCompletion() {
        outcome.complete(null);
      }

      @Override
      public void onException(Exception e) {
        outcome.complete(e);
      }
    });
    return outcome.get(5, SECONDS);
  }

  /** Callbacks that fail as the test says; counts their calls. */
  static final class Faults {
    volatile Failure failure;
    volatile boolean returnNull;
    volatile boolean onCreateToo = true;
    volatile int loads;
    volatile int listened;

    void maybeFail() {
      Failure current = failure;
      if (current != null) {
        throw current.raise();
      }
    }

    Factory<CacheLoader<String, String>> loaderFactory() {
      return () -> new CacheLoader<>() {
        @Override
        public String load(String key) {
          loads++;
          maybeFail();
          return returnNull ? null : "loaded-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
          loads++;
          maybeFail();
          if (returnNull) {
            return null;
          }
          Map<String, String> loaded = new HashMap<>();
          keys.forEach(key -> loaded.put(key, "loaded-" + key));
          return loaded;
        }
      };
    }

    Factory<CacheWriter<? super String, ? super String>> writerFactory() {
      return () -> new CacheWriter<String, String>() {
        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
          maybeFail();
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
          maybeFail();
          entries.clear();
        }

        @Override
        public void delete(Object key) {
          maybeFail();
        }

        @Override
        public void deleteAll(Collection<?> keys) {
          maybeFail();
          keys.clear();
        }
      };
    }

    MutableCacheEntryListenerConfiguration<String, String> listenerConfiguration(
        boolean synchronous, boolean failInFilter) {
      Factory<CacheEntryListener<? super String, ? super String>> listener =
          () -> (CacheEntryCreatedListener<String, String>) events -> {
            events.forEach(event -> listened++);
            if (!failInFilter) {
              maybeFail();
            }
          };
      Factory<CacheEntryEventFilter<? super String, ? super String>> filter = failInFilter
          ? () -> event -> {
            maybeFail();
            return true;
          }
          : null;
      return new MutableCacheEntryListenerConfiguration<>(listener, filter, false, synchronous);
    }

    Factory<ExpiryPolicy> expiryFactory() {
      return () -> new ExpiryPolicy() {
        @Override
        public Duration getExpiryForCreation() {
          if (onCreateToo) {
            maybeFail();
          }
          return returnNull ? null : new Duration(TimeUnit.MINUTES, 10);
        }

        @Override
        public Duration getExpiryForAccess() {
          maybeFail();
          return returnNull ? null : new Duration(TimeUnit.MINUTES, 10);
        }

        @Override
        public Duration getExpiryForUpdate() {
          maybeFail();
          return returnNull ? null : new Duration(TimeUnit.MINUTES, 10);
        }
      };
    }
  }
}
