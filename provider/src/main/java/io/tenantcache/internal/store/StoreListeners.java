package io.tenantcache.internal.store;

import java.util.List;

/**
 * The listeners of one store as one: each told in registration order. Built as a chain of pairs
 * rather than a loop over an array, so that a store with one listener calls it directly.
 */
final class StoreListeners<K, V> implements StoreListener<K, V> {
  private final StoreListener<K, V> first;
  private final StoreListener<K, V> rest;

  private StoreListeners(StoreListener<K, V> first, StoreListener<K, V> rest) {
    this.first = first;
    this.rest = rest;
  }

  /** Returns a listener that tells each of {@code listeners}, in order (none: tells nobody). */
  static <K, V> StoreListener<K, V> of(List<? extends StoreListener<K, V>> listeners) {
    StoreListener<K, V> chain = null;
    for (int i = listeners.size() - 1; i >= 0; i--) {
      StoreListener<K, V> listener = listeners.get(i);
      chain = (chain == null) ? listener : new StoreListeners<>(listener, chain);
    }
    return (chain == null) ? new StoreListener<>() {} : chain;
  }

  @Override
  public void changing(TenantKey<K> key) {
    first.changing(key);
    rest.changing(key);
  }

  @Override
  public void written(TenantKey<K> key) {
    first.written(key);
    rest.written(key);
  }

  @Override
  public void putting(TenantKey<K> key) {
    first.putting(key);
    rest.putting(key);
  }

  @Override
  public void stored(TenantKey<K> key) {
    first.stored(key);
    rest.stored(key);
  }

  @Override
  public void removed(TenantKey<K> key) {
    first.removed(key);
    rest.removed(key);
  }

  @Override
  public void dropped(TenantKey<K> key, V value, boolean expired) {
    first.dropped(key, value, expired);
    rest.dropped(key, value, expired);
  }

  @Override
  public void removingTenant(String tenant) {
    first.removingTenant(tenant);
    rest.removingTenant(tenant);
  }

  @Override
  public void tenantRemoved(String tenant) {
    first.tenantRemoved(tenant);
    rest.tenantRemoved(tenant);
  }

  @Override
  public void maintained() {
    first.maintained();
    rest.maintained();
  }
}
