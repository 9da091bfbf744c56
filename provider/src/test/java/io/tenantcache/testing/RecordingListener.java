package io.tenantcache.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheEntryEvent;
import io.tenantcache.Tenants;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * Listens to every kind of entry event and records, for each, what the event says and what the
 * listener saw around it: the tenant bound on its thread and the thread itself.
 */
public final class RecordingListener<K, V> implements CacheEntryCreatedListener<K, V>,
    CacheEntryUpdatedListener<K, V>, CacheEntryRemovedListener<K, V>,
    CacheEntryExpiredListener<K, V> {

  /** One event as the listener received it. */
  public record Seen<K, V>(EventType type, K key, V value, V oldValue, String eventTenant,
      Optional<String> boundTenant, Thread thread) {}

  private final BlockingQueue<Seen<K, V>> seen = new LinkedBlockingQueue<>();

  /** Returns a registration of this listener, with old values, sync or async. */
  public CacheEntryListenerConfiguration<K, V> configuration(boolean synchronous) {
    Factory<CacheEntryListener<? super K, ? super V>> factory = () -> this;
    return new MutableCacheEntryListenerConfiguration<>(factory, null, true, synchronous);
  }

  /** Returns the next event, waiting at most 5 seconds for it. */
  public Seen<K, V> next() throws InterruptedException {
    Seen<K, V> next = seen.poll(5, SECONDS);
    assertThat(next).as("an event within 5 seconds").isNotNull();
    return next;
  }

  /** Returns the events received so far (and keeps them). */
  public List<Seen<K, V>> events() {
    return List.copyOf(seen);
  }

  /** Returns the events of one type received so far. */
  public List<Seen<K, V>> events(EventType type) {
    return seen.stream().filter(s -> s.type() == type).toList();
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  private void record(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    for (CacheEntryEvent<? extends K, ? extends V> event : events) {
      @SuppressWarnings("unchecked")
      TenantCacheEntryEvent<K, V> tenantEvent = event.unwrap(TenantCacheEntryEvent.class);
      seen.add(new Seen<>(event.getEventType(), event.getKey(), event.getValue(),
          event.getOldValue(), tenantEvent.tenant(), Tenants.current(), Thread.currentThread()));
    }
  }
}
