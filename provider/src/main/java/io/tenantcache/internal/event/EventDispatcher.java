package io.tenantcache.internal.event;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheEntryEvent;
import io.tenantcache.Tenants;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * A cache's listener registrations and the dispatch of its entry events.
 *
 * <p>An operation publishes its events while it changes the store (possibly inside a store lock);
 * they wait in a per-thread buffer until the operation calls {@link #dispatch()}, after the store is
 * unlocked. Synchronous listeners then run on the calling thread before the operation returns, and
 * their failures reach the caller as {@link CacheEntryListenerException}, except on expiry events,
 * which the store finds during any call (of any tenant), so those are logged; asynchronous ones run
 * later on the dispatcher's executor, one event at a time per listener, in order, and their
 * failures are logged. Every listener runs with the event's tenant bound.
 *
 * <p>With no listener registered, publishing costs one volatile read.
 */
public final class EventDispatcher<K, V> {
  private static final System.Logger LOGGER = System.getLogger(EventDispatcher.class.getName());

  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final ThreadLocal<@Nullable List<TenantCacheEntryEvent<K, V>>> pending = new ThreadLocal<>();
  private final Executor asyncExecutor;
  private volatile boolean active;
  private volatile @Nullable Cache<K, V> source;

  /** Creates the dispatcher of a cache; {@link #attach} it to the cache before the first event. */
  public EventDispatcher(Executor asyncExecutor) {
    this.asyncExecutor = requireNonNull(asyncExecutor, "asyncExecutor");
  }

  /**
   * Names the cache that every event comes from (its source); called once, when the cache is
   * assembled, before any call can publish.
   */
  public void attach(Cache<K, V> source) {
    if (this.source != null) {
      throw new IllegalStateException("the dispatcher is attached to " + this.source.getName());
    }
    this.source = requireNonNull(source, "source");
  }

  /**
   * Registers a listener.
   *
   * @throws IllegalArgumentException if an equal configuration is registered already
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    requireNonNull(configuration, "cacheEntryListenerConfiguration");
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("this listener configuration is registered already: "
            + configuration);
      }
    }
    registrations.add(new ListenerRegistration<>(configuration, asyncExecutor));
    active = true;
  }

  /** Deregisters a listener (and closes it); does nothing if it is not registered. */
  public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    requireNonNull(configuration, "cacheEntryListenerConfiguration");
    registrations.removeIf(registration -> {
      if (registration.configuration().equals(configuration)) {
        registration.close();
        return true;
      }
      return false;
    });
    active = !registrations.isEmpty();
  }

  /** Returns the configurations of the registered listeners, in registration order. */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    List<CacheEntryListenerConfiguration<K, V>> configurations = new ArrayList<>();
    for (ListenerRegistration<K, V> registration : registrations) {
      configurations.add(registration.configuration());
    }
    return configurations;
  }

  /** Returns whether any listener is registered. */
  public boolean isActive() {
    return active;
  }

  public void publishCreated(String tenant, K key, V value) {
    publish(EventType.CREATED, tenant, key, value, null);
  }

  public void publishUpdated(String tenant, K key, V oldValue, V value) {
    publish(EventType.UPDATED, tenant, key, value, oldValue);
  }

  public void publishRemoved(String tenant, K key, V oldValue) {
    publish(EventType.REMOVED, tenant, key, oldValue, oldValue);
  }

  public void publishExpired(String tenant, K key, V oldValue) {
    publish(EventType.EXPIRED, tenant, key, oldValue, oldValue);
  }

  private void publish(EventType type, String tenant, K key, @Nullable V value,
      @Nullable V oldValue) {
    if (!active) {
      return;
    }
    Cache<K, V> source = this.source;
    if (source == null) {
      return;
    }
    List<TenantCacheEntryEvent<K, V>> events = pending.get();
    if (events == null) {
      events = new ArrayList<>(4);
      pending.set(events);
    }
    events.add(new TenantCacheEntryEvent<>(source, type, tenant, key, value, oldValue,
        type != EventType.CREATED));
  }

  /** Forgets the events this thread published and has not dispatched (the operation failed). */
  public void discard() {
    if (active) {
      pending.remove();
    }
  }

  /**
   * Delivers the events this thread published: synchronous listeners now, asynchronous ones queued.
   *
   * @throws CacheEntryListenerException if a synchronous listener failed (after all were called)
   */
  public void dispatch() {
    if (!active) {
      return;
    }
    List<TenantCacheEntryEvent<K, V>> events = pending.get();
    if (events == null) {
      return;
    }
    // Take the batch first: a listener that uses the cache publishes into a fresh one.
    pending.remove();
    @Nullable CacheEntryListenerException failure = null;
    for (TenantCacheEntryEvent<K, V> event : events) {
      for (ListenerRegistration<K, V> registration : registrations) {
        SerialExecutor queue = registration.asyncQueue();
        if (queue != null) {
          queue.execute(() -> deliver(registration, event));
          continue;
        }
        try {
          deliver(registration, event);
        } catch (Exception e) { // also a checked exception thrown sneakily; an Error passes
          if (event.getEventType() == EventType.EXPIRED) {
            // Expiry is found by whichever call runs the store's maintenance, possibly another
            // tenant's: its listener failures are not that caller's to get.
            LOGGER.log(Level.WARNING, "a synchronous cache entry listener failed on " + event, e);
            continue;
          }
          if (failure == null) {
            failure = (e instanceof CacheEntryListenerException listenerFailure) ? listenerFailure
                : new CacheEntryListenerException("a cache entry listener failed on " + event
                    + ": " + e, e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static <K, V> void deliver(ListenerRegistration<K, V> registration,
      TenantCacheEntryEvent<K, V> event) {
    try (Tenants.Scope ignored = Tenants.bind(event.tenant())) {
      registration.deliver(event);
    }
  }

  /** Deregisters and closes every listener. */
  public synchronized void close() {
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
    active = false;
  }
}
