package io.tenantcache.spring.boot;

import io.tenantcache.ClusterMode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The {@code tenantcache.*} properties that are keys of TenantCache's declarative configuration
 * (its HOCON {@code reference.conf}), under the same names: the cache settings of {@code
 * tenantcache.default.*} and {@code tenantcache.caches.<name>.*}, {@code
 * tenantcache.management.*} and {@code tenantcache.cluster.*}. They are handed to the provider as
 * that configuration (the manager property {@code tenantcache.configuration}), layered over a
 * {@code tenantcache.conf} on the class path: where both set a key, the property wins. The
 * provider checks them; a bad value fails start-up naming the property.
 *
 * <p>Every value here is null (or empty) unless its property is set: only what is set is passed
 * on, so the provider's defaults and the file's values stay in force for the rest.
 *
 * @param defaults settings of every cache declared under tenantcache.caches (the HOCON default
 *     block); a cache's own settings override them key by key
 * @param caches caches that exist as soon as the application starts, by name, with their settings
 *     (the keys of tenantcache.default); write a name that contains dots in brackets:
 *     tenantcache.caches.[com.example.Book].maximum-size
 * @param management JMX management of the caches
 * @param cluster replicas that keep their caches coherent through Redis (needs
 *     io.tenantcache:tenantcache-redis on the class path)
 */
@ConfigurationProperties(TenantCacheBootProperties.PREFIX)
public record TenantCacheSettingsProperties(
    @Name("default") @NestedConfigurationProperty @Nullable CacheSettings defaults,
    @DefaultValue Map<String, CacheSettings> caches,
    @Nullable Management management,
    @Nullable Cluster cluster) {

  /** Copies the caches, keeping their order. */
  public TenantCacheSettingsProperties {
    caches = Collections.unmodifiableMap(new LinkedHashMap<>(caches));
  }

  /**
   * JMX management: {@code tenantcache.management.*}.
   *
   * @param tenantTableSize how many tenants (the most active) the TenantStatistics MXBean's table
   *     lists (at least 1; 100 unless set)
   */
  public record Management(@Nullable Integer tenantTableSize) {}

  /**
   * Replicas: {@code tenantcache.cluster.*}. Meaningful only with io.tenantcache:tenantcache-redis
   * on the class path and {@code tenantcache.cluster.redis.uri} set.
   *
   * @param redis the Redis server the replicas meet at
   * @param namespace which managers share caches (same namespace and cache name: one cache); the
   *     manager's URI unless set
   * @param mode the manager's caches: invalidate (publish changes, drop what others change; the
   *     default), shared (as invalidate, with a second tier of values in Redis) or local
   * @param maxStaleness how long a replica may go without hearing from Redis before its clustered
   *     caches stop serving their entries (2s unless set)
   * @param outboxCapacity how many invalidations wait while Redis cannot be reached; past that,
   *     the caches they were for are invalidated whole once it can (10000 unless set)
   * @param onPublishFailure what a write does while its change cannot be published: defer (goes
   *     on locally, its invalidation waits in the outbox; the default) or fail (CacheException,
   *     nothing changed)
   * @param leaseWait mode shared: how long a replica that misses a key another replica is loading
   *     waits for that value before it loads the key itself; also how long a load's lease lasts
   *     (5s unless set)
   */
  public record Cluster(
      @Nullable Redis redis,
      @Nullable String namespace,
      @Nullable ClusterMode mode,
      @Nullable Duration maxStaleness,
      @Nullable Integer outboxCapacity,
      @Nullable String onPublishFailure,
      @Nullable Duration leaseWait) {

    /**
     * The Redis server: {@code tenantcache.cluster.redis.*}.
     *
     * @param uri redis://[user:password@]host:port[/db], or rediss:// for TLS; unset: the manager
     *     is alone
     */
    public record Redis(@Nullable String uri) {}
  }
}
