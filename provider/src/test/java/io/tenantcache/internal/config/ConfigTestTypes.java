package io.tenantcache.internal.config;

import io.tenantcache.EntryWeigher;
import io.tenantcache.TenantResolver;
import io.tenantcache.testing.KeyLoader;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.cache.Cache;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/** Classes that the test configuration files name, good and bad. */
public final class ConfigTestTypes {
  private ConfigTestTypes() {}

  /** Loads the length of the key. */
  public static final class UserLoader implements KeyLoader<String, Integer> {
    @Override
    public Integer load(String key) {
      return key.length();
    }
  }

  /** Writes nothing. */
  public static final class AuditWriter implements CacheWriter<Object, Object> {
    @Override
    public void write(Cache.Entry<?, ?> entry) {}

    @Override
    public void writeAll(Collection<Cache.Entry<?, ?>> entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {}
  }

  /** Hears created entries. */
  public static final class CreatedListener implements CacheEntryCreatedListener<Object, Object> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<?, ?>> events) {}
  }

  /** Lets every event through. */
  public static final class EveryEvent implements CacheEntryEventFilter<Object, Object> {
    @Override
    public boolean evaluate(CacheEntryEvent<?, ?> event) {
      return true;
    }
  }

  /** Weighs an entry by its value's string length. */
  public static final class LengthWeigher implements EntryWeigher<Object, Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public int weigh(Object key, Object value) {
      return String.valueOf(value).length();
    }
  }

  /** Resolves no tenant. */
  public static final class HeaderResolver implements TenantResolver {
    @Override
    public Optional<String> currentTenant() {
      return Optional.empty();
    }
  }

  // --- bad ones ---

  /** Implements nothing. */
  public static final class NotALoader {}

  /** Cannot be created: abstract. */
  public abstract static class AbstractLoader implements CacheLoader<Object, Object> {}

  /** Cannot be created: no no-argument constructor. */
  public static final class NeedsArgumentLoader implements CacheLoader<Object, Object> {
    public NeedsArgumentLoader(String unused) {}

    @Override
    public Object load(Object key) {
      return key;
    }

    @Override
    public Map<Object, Object> loadAll(Iterable<?> keys) {
      return Map.of();
    }
  }

  /** Cannot be created from outside: not public. */
  static final class HiddenLoader implements CacheLoader<Object, Object> {
    @Override
    public Object load(Object key) {
      return key;
    }

    @Override
    public Map<Object, Object> loadAll(Iterable<?> keys) {
      return Map.of();
    }
  }

  /** A listener that implements only the marker interface: it would hear nothing. */
  public static final class MarkerListener implements CacheEntryListener<Object, Object> {}

  /** A weigher whose constructor fails. */
  public static final class FailingWeigher implements EntryWeigher<Object, Object> {
    private static final long serialVersionUID = 1L;

    public FailingWeigher() {
      throw new IllegalStateException("no weighing today");
    }

    @Override
    public int weigh(Object key, Object value) {
      return 1;
    }
  }

  /** Answers a failed load with "fallback-" and the key. */
  public static final class Fallback implements BiFunction<Object, Throwable, Object> {
    @Override
    public Object apply(Object key, Throwable failure) {
      return "fallback-" + key;
    }
  }
}
