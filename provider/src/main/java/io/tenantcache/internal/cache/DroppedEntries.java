package io.tenantcache.internal.cache;

import io.tenantcache.internal.event.EventDispatcher;
import io.tenantcache.internal.metrics.StatisticsRegistry;
import io.tenantcache.internal.store.StoreListener;
import io.tenantcache.internal.store.TenantKey;

/**
 * Reports the entries a store drops by itself: an expiry is an {@code EXPIRED} event and counted
 * as one, an eviction (for size or quota) is counted. The events wait in the dropping thread's
 * buffer until that thread's call dispatches them, or, on the maintenance thread, until its run
 * ends; failures of their listeners are logged there, never thrown.
 */
final class DroppedEntries<K, V> implements StoreListener<K, V> {
  private final EventDispatcher<K, V> events;
  private final StatisticsRegistry statistics;

  DroppedEntries(EventDispatcher<K, V> events, StatisticsRegistry statistics) {
    this.events = events;
    this.statistics = statistics;
  }

  @Override
  public void dropped(TenantKey<K> key, V value, boolean expired) {
    if (expired) {
      events.publishExpired(key.tenant(), key.key(), value);
      if (statistics.isEnabled()) {
        statistics.tenant(key.tenant()).recordExpirations(1);
      }
    } else if (statistics.isEnabled()) {
      statistics.tenant(key.tenant()).recordEvictions(1);
    }
  }

  @Override
  public void maintained() {
    events.dispatch();
  }
}
