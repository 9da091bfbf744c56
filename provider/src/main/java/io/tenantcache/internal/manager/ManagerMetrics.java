package io.tenantcache.internal.manager;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.internal.cache.CacheLifecycle;
import io.tenantcache.internal.load.ResilienceRegistries;
import java.time.Duration;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * A cache manager's meters, seen through a type that names no Micrometer class: the manager holds
 * one only when its properties turn metrics on, so Micrometer is loaded only then.
 */
interface ManagerMetrics {
  /** Binds the meters of a cache the manager just created; they go when the cache closes. */
  void cacheCreated(CacheLifecycle<?, ?> cache);

  /**
   * Binds the meters of the manager's cluster membership ({@code cache.cluster.*}): they read
   * {@code transport}'s figures when published, and go when the manager closes. Returns what
   * records each applied invalidation's lag (the {@code cache.cluster.lag} timer).
   */
  Consumer<Duration> clusterJoined(ClusterTransport transport, String namespace);

  /**
   * Binds the meters of the manager's shared tier ({@code cache.cluster.shared.*}), opened by its
   * first cache in mode shared; they go when the manager closes. Returns what records each
   * look-up's time (the {@code cache.cluster.shared.lookups} timer).
   */
  Consumer<Duration> sharedTierOpened(SharedTier tier, String namespace);

  /**
   * Removes the manager's Resilience4j and cluster meters; its caches' meters went with the
   * caches.
   */
  void close();

  /**
   * Returns the manager's meters as its settings ask for them.
   *
   * @throws CacheException if Micrometer ({@code io.micrometer:micrometer-core}) is not on
   *     the classpath
   * @throws IllegalArgumentException if {@value TenantCacheProperties#METRICS_REGISTRY} is not a
   *     {@code MeterRegistry}
   */
  static ManagerMetrics create(String managerUri, ManagerSettings settings,
      ResilienceRegistries resilience) {
    try {
      return MicrometerManagerMetrics.create(managerUri, settings, resilience);
    } catch (LinkageError e) {
      throw new CacheException("CacheManager '" + managerUri + "' has metrics turned on ("
          + TenantCacheProperties.METRICS_ENABLED + " or " + TenantCacheProperties.METRICS_REGISTRY
          + ") but Micrometer is not on the classpath: add io.micrometer:micrometer-core, or turn "
          + "metrics off", e);
    }
  }
}
