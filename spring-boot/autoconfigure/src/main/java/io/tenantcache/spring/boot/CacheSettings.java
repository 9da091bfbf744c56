package io.tenantcache.spring.boot;

import io.tenantcache.ClusterMode;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The settings of one cache, {@code tenantcache.caches.<name>.*}, or of every declared cache,
 * {@code tenantcache.default.*}: the keys of the HOCON default block, same names. Each is null
 * unless its property is set (the provider's default, or the file's value, then applies). Class
 * names are binary names loaded with the application's class loader.
 *
 * @param keyType key class; getCache(name, K, V) must ask for exactly it (java.lang.Object unless
 *     set)
 * @param valueType value class (java.lang.Object unless set)
 * @param maximumSize bound on the number of entries over all tenants (>= 0; 100000 unless set);
 *     the most specific block that sets maximum-size or maximum-weight decides which bound applies
 * @param maximumWeight or a bound on the total weight over all tenants: a whole number, or a size
 *     such as 512MiB when the weigher returns bytes; needs weigher
 * @param weigher class name of an io.tenantcache.EntryWeigher that weighs entries for
 *     maximum-weight
 * @param maximumSizePerTenant quota: the most entries one tenant may hold (>= 1); a tenant over it
 *     loses its own coldest entries first
 * @param maximumTenantShare or a quota as a share of maximum-size (0 < share <= 1)
 * @param storeByValue whether the cache stores copies of keys and values (true, JCache's default)
 *     or references
 * @param serialFilter with store-by-value, the jdk.serialFilter pattern copies are deserialized
 *     through, e.g. maxdepth=20;com.example.model.**;java.base/*;!*
 * @param refreshAfterWrite with a loader: reload an entry in the background at the first read
 *     once it was written or loaded this long ago
 * @param clusterMode in a clustered manager: invalidate, shared or local, over
 *     tenantcache.cluster.mode
 * @param valueCodec mode shared: class name of the io.tenantcache.ValueCodec values cross the wire
 *     with (Java serialization unless set)
 * @param expiry when entries expire
 * @param readThrough loading missing entries through a javax.cache.integration.CacheLoader
 * @param writeThrough writing changes through a javax.cache.integration.CacheWriter
 * @param listeners listeners the cache starts with; a cache's list replaces the default block's
 * @param statistics whether the cache keeps statistics and registers its CacheStatisticsMXBean
 *     (false unless set)
 * @param management whether the cache registers its CacheMXBean (false unless set)
 * @param resilience guards of read-through loads (Resilience4j)
 */
public record CacheSettings(
    @Nullable String keyType,
    @Nullable String valueType,
    @Nullable Long maximumSize,
    @Nullable String maximumWeight,
    @Nullable String weigher,
    @Nullable Long maximumSizePerTenant,
    @Nullable Double maximumTenantShare,
    @Nullable Boolean storeByValue,
    @Nullable String serialFilter,
    @Nullable Duration refreshAfterWrite,
    @Nullable ClusterMode clusterMode,
    @Nullable String valueCodec,
    @Nullable Expiry expiry,
    @Nullable ReadThrough readThrough,
    @Nullable WriteThrough writeThrough,
    @Nullable List<Listener> listeners,
    @Nullable Boolean statistics,
    @Nullable Boolean management,
    @NestedConfigurationProperty @Nullable ResilienceSettings resilience) {

  /**
   * Expiry, as a JCache ExpiryPolicy: {@code ...expiry.*}. Each is a duration such as 500ms, 30s,
   * 10m, 2h or 1d (a bare number is milliseconds), or eternal.
   *
   * @param created lifetime after an entry is created; unset: never expires (eternal)
   * @param accessed lifetime after an entry is read; unset: a read does not change it
   * @param updated lifetime after an entry is updated; unset: an update does not change it
   */
  public record Expiry(
      @Nullable String created, @Nullable String accessed, @Nullable String updated) {}

  /**
   * Read-through: {@code ...read-through.*}.
   *
   * @param loader class name of the CacheLoader (public no-argument constructor)
   * @param enabled with a loader: whether get() loads missing entries (true unless set), or only
   *     loadAll uses it (false)
   */
  public record ReadThrough(@Nullable String loader, @Nullable Boolean enabled) {}

  /**
   * Write-through: {@code ...write-through.*}.
   *
   * @param writer class name of the CacheWriter; setting one turns write-through on
   */
  public record WriteThrough(@Nullable String writer) {}

  /**
   * A listener the cache starts with: {@code ...listeners[i].*}.
   *
   * @param className class name of the CacheEntryListener (at least one of the Created, Updated,
   *     Removed and Expired listener interfaces)
   * @param filter class name of a CacheEntryEventFilter
   * @param oldValueRequired whether events carry the old value (false unless set)
   * @param synchronous whether the listener runs before the call returns (false unless set)
   */
  public record Listener(
      @Name("class") @Nullable String className,
      @Nullable String filter,
      @Nullable Boolean oldValueRequired,
      @Nullable Boolean synchronous) {}
}
