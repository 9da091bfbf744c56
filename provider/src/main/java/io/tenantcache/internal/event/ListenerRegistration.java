package io.tenantcache.internal.event;

import io.tenantcache.TenantCacheEntryEvent;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/** One registered listener: its configuration, the listener and filter it made, and its queue. */
final class ListenerRegistration<K, V> {
  private static final System.Logger LOGGER = System.getLogger(ListenerRegistration.class.getName());

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;
  private final @Nullable SerialExecutor asyncQueue;

  /**
   * Creates the listener and the filter from their factories.
   *
   * @throws IllegalArgumentException if there is no listener factory, or a factory returns null
   */
  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor asyncExecutor) {
    this.configuration = configuration;
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
        configuration.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException("the listener configuration " + configuration
          + " has no listener factory");
    }
    this.listener = created(listenerFactory.create(), "listener", configuration);
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = (filterFactory == null) ? null
        : created(filterFactory.create(), "filter", configuration);
    this.asyncQueue = configuration.isSynchronous() ? null : new SerialExecutor(asyncExecutor);
  }

  private static <T> T created(@Nullable T created, String what,
      CacheEntryListenerConfiguration<?, ?> configuration) {
    if (created == null) {
      throw new IllegalArgumentException("the " + what + " factory of the listener configuration "
          + configuration + " returned null");
    }
    return created;
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return asyncQueue == null;
  }

  @Nullable SerialExecutor asyncQueue() {
    return asyncQueue;
  }

  /** Delivers {@code event} if the listener handles its type and the filter accepts it. */
  @SuppressWarnings("unchecked")
  void deliver(TenantCacheEntryEvent<K, V> event) {
    TenantCacheEntryEvent<K, V> seen = asSeen(event, configuration.isOldValueRequired());
    List<TenantCacheEntryEvent<K, V>> batch;
    switch (event.getEventType()) {
      case CREATED:
        if (listener instanceof CacheEntryCreatedListener && accepts(seen)) {
          batch = List.of(seen);
          ((CacheEntryCreatedListener<K, V>) listener).onCreated((Iterable) batch);
        }
        break;
      case UPDATED:
        if (listener instanceof CacheEntryUpdatedListener && accepts(seen)) {
          batch = List.of(seen);
          ((CacheEntryUpdatedListener<K, V>) listener).onUpdated((Iterable) batch);
        }
        break;
      case REMOVED:
        if (listener instanceof CacheEntryRemovedListener && accepts(seen)) {
          batch = List.of(seen);
          ((CacheEntryRemovedListener<K, V>) listener).onRemoved((Iterable) batch);
        }
        break;
      case EXPIRED:
        if (listener instanceof CacheEntryExpiredListener && accepts(seen)) {
          batch = List.of(seen);
          ((CacheEntryExpiredListener<K, V>) listener).onExpired((Iterable) batch);
        }
        break;
      default:
        throw new AssertionError(event.getEventType());
    }
  }

  private boolean accepts(TenantCacheEntryEvent<K, V> event) {
    return (filter == null) || filter.evaluate(event);
  }

  /** Closes the listener and the filter if they are {@link Closeable}. */
  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(@Nullable Object resource) {
    if (resource instanceof Closeable) {
      try {
        ((Closeable) resource).close();
      } catch (IOException | RuntimeException e) {
        LOGGER.log(Level.WARNING, "closing " + resource.getClass().getName() + " failed", e);
      }
    }
  }

  /** Returns the event as a listener that did (or did not) ask for old values should see it. */
  private static <K, V> TenantCacheEntryEvent<K, V> asSeen(TenantCacheEntryEvent<K, V> event,
      boolean oldValueRequired) {
    if (oldValueRequired) {
      return event;
    }
    EventType type = event.getEventType();
    boolean removal = (type == EventType.REMOVED) || (type == EventType.EXPIRED);
    @SuppressWarnings("unchecked")
    Cache<K, V> source = (Cache<K, V>) event.getSource();
    return new TenantCacheEntryEvent<>(source, type, event.tenant(), event.getKey(),
        removal ? null : event.getValue(), null, false);
  }
}
