package io.tenantcache.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.OnPublishFailure;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.internal.copy.SerializingCopier;
import io.tenantcache.internal.store.StoreListener;
import io.tenantcache.internal.store.TenantKey;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a clustered cache's changes to the other replicas: a store listener that turns every
 * write and removal a call makes into an invalidation of that tenant's key. Loads, evictions and
 * expiries are this replica's own and publish nothing (the store tells them apart). A change of
 * all of a tenant's entries goes out as one invalidation of the tenant ({@link #tenantWide}), and
 * what this replica applies for the others publishes nothing ({@link #silently}).
 *
 * <p>A key that cannot be serialized (a store-by-reference cache may hold one) is published as an
 * invalidation of its whole tenant: other replicas then drop more than needed, never too little.
 *
 * <p>Thread-safe; never blocks (the transport queues what it cannot send yet).
 */
public final class InvalidationPublisher<K, V> implements StoreListener<K, V> {
  private static final System.Logger LOGGER =
      System.getLogger(InvalidationPublisher.class.getName());

  /** A publisher of a cache that is not clustered: publishes nothing, runs what it is given. */
  private static final InvalidationPublisher<?, ?> NONE = new InvalidationPublisher<>();

  private final String cacheName;
  private final @Nullable ClusterTransport transport;
  /** Where invalidations go: the transport, or the shared tier that writes with them. */
  private final Consumer<Invalidation> sink;
  private final boolean shared;
  private final @Nullable SerializingCopier keys;
  private final boolean failUnpublished;
  private final ThreadLocal<Boolean> silenced = ThreadLocal.withInitial(() -> Boolean.FALSE);
  private volatile boolean warnedUnserializable;

  /**
   * Creates the publisher of the cache {@code cacheName}, which reads and writes keys with {@code
   * keys} (the cache's class loader and serial filter).
   */
  public InvalidationPublisher(String cacheName, ClusterTransport transport,
      SerializingCopier keys, OnPublishFailure onPublishFailure) {
    this(cacheName, transport, null, keys, onPublishFailure);
  }

  /**
   * As {@link #InvalidationPublisher(String, ClusterTransport, SerializingCopier,
   * OnPublishFailure)}; a cache in mode shared publishes to {@code shared} instead, which sends
   * each change with its value.
   */
  public InvalidationPublisher(String cacheName, ClusterTransport transport,
      @Nullable SharedTier shared, SerializingCopier keys, OnPublishFailure onPublishFailure) {
    this.cacheName = requireNonNull(cacheName, "cacheName");
    this.transport = requireNonNull(transport, "transport");
    this.sink = (shared != null) ? shared::publish : transport::publish;
    this.shared = (shared != null);
    this.keys = requireNonNull(keys, "keys");
    this.failUnpublished = requireNonNull(onPublishFailure, "onPublishFailure")
        == OnPublishFailure.FAIL;
  }

  private InvalidationPublisher() {
    this.cacheName = "";
    this.transport = null;
    this.sink = invalidation -> { };
    this.shared = false;
    this.keys = null;
    this.failUnpublished = false;
  }

  /** Returns the publisher of a cache that is not clustered. */
  @SuppressWarnings("unchecked")
  public static <K, V> InvalidationPublisher<K, V> none() {
    return (InvalidationPublisher<K, V>) NONE;
  }

  /** Returns whether this cache is in mode shared (its changes go to the shared tier). */
  public boolean isShared() {
    return shared;
  }

  /** Returns whether this cache publishes its changes. */
  public boolean isClustered() {
    return transport != null;
  }

  /**
   * With {@link OnPublishFailure#FAIL}, refuses a change that cannot be published: told before
   * the change is made (under the key's lock), it makes the call fail with nothing changed.
   */
  @Override
  public void changing(TenantKey<K> key) {
    requirePublishable();
  }

  /** With {@link OnPublishFailure#FAIL}, fails a change of this thread's that cannot be published. */
  private void requirePublishable() {
    if (!failUnpublished || silenced.get()) {
      return;
    }
    ClusterTransport target = transport;
    if (target != null && !target.isConnected()) {
      throw new CacheException("cache '" + cacheName + "': the change cannot be published to the "
          + "other replicas now (the cluster transport is not connected), and "
          + TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE + " is fail: nothing was changed. "
          + "Retry once the cluster's server is back, or set it to defer");
    }
  }

  @Override
  public void written(TenantKey<K> key) {
    publishKey(key);
  }

  /**
   * A put is about to store its value: published now, before it is visible, except in a shared
   * cache, whose change carries the value it holds when the change goes out: it is published
   * once the value is visible ({@link #stored}), so that it goes out once and with that value.
   */
  @Override
  public void putting(TenantKey<K> key) {
    if (!shared) {
      publishKey(key);
    }
  }

  /** A put's value is visible now: a shared cache's change goes out (see {@link #putting}). */
  @Override
  public void stored(TenantKey<K> key) {
    if (shared) {
      publishKey(key);
    }
  }

  @Override
  public void removed(TenantKey<K> key) {
    publishKey(key);
  }

  /**
   * An unconditional removal of {@code key} found no entry here: other replicas may hold one, so
   * it is published all the same (the store tells listeners only of entries it removed).
   */
  public void removedAbsent(TenantKey<K> key) {
    publishKey(key);
  }

  private void publishKey(TenantKey<K> key) {
    if (transport == null || silenced.get()) {
      return;
    }
    sink.accept(invalidationOf(key));
  }

  private Invalidation invalidationOf(TenantKey<K> key) {
    try {
      return Invalidation.ofKey(cacheName, key.tenant(), requireNonNull(keys).toBytes(key.key()));
    } catch (IllegalArgumentException e) {
      if (!warnedUnserializable) {
        warnedUnserializable = true;
        LOGGER.log(System.Logger.Level.WARNING, "cache '" + cacheName + "' has keys of "
            + key.key().getClass().getName() + ", which cannot be serialized: a change of one "
            + "such key invalidates its whole tenant on the other replicas. Make the key type "
            + "Serializable to invalidate one key. (" + e.getMessage() + ")");
      }
      return Invalidation.ofTenant(cacheName, key.tenant());
    }
  }

  /**
   * Runs {@code change}, a change of all of {@code tenant}'s entries (a clear), publishing none of
   * its single changes, then publishes one invalidation of the tenant (even if {@code change}
   * fails part way: other replicas may hold entries this one does not).
   */
  public void tenantWide(String tenant, Runnable change) {
    requirePublishable();
    try {
      silently(() -> {
        change.run();
        return Boolean.TRUE;
      });
    } finally {
      if (transport != null) {
        sink.accept(Invalidation.ofTenant(cacheName, tenant));
      }
    }
  }

  /** Runs {@code change}, publishing none of the changes it makes on this thread. */
  public <T> T silently(Supplier<T> change) {
    if (transport == null || silenced.get()) {
      return change.get();
    }
    silenced.set(Boolean.TRUE);
    try {
      return change.get();
    } finally {
      silenced.set(Boolean.FALSE);
    }
  }

  /**
   * Reads back a key another replica published, through the cache's serial filter.
   *
   * @throws IllegalArgumentException if it cannot be read (the filter rejects it, a class is
   *     missing): the caller then drops the key's whole tenant
   */
  public Object keyOf(byte[] serialized) {
    return reader().fromBytes(serialized);
  }

  /**
   * Returns the serialized form of {@code key} as the other replicas read it.
   *
   * @throws IllegalArgumentException if it cannot be serialized
   */
  public byte[] bytesOf(Object key) {
    return reader().toBytes(key);
  }

  private SerializingCopier reader() {
    SerializingCopier reader = keys;
    if (reader == null) {
      throw new IllegalStateException("cache '" + cacheName + "' is not clustered");
    }
    return reader;
  }
}
