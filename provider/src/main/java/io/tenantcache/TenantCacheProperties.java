package io.tenantcache;

/**
 * The names of the cache manager's properties: pass them to {@code
 * CachingProvider.getCacheManager(uri, classLoader, properties)}, or set the same keys in {@code
 * tenantcache.conf}. A bad value fails {@code getCacheManager} with an exception that names the
 * property.
 *
 * <p>Tenancy: {@value #TENANT_RESOLVER}, {@value #MISSING_TENANT}, {@value #DEFAULT_TENANT}.
 * Management: {@value #MANAGEMENT_TENANT_TABLE_SIZE}. Micrometer meters: {@value
 * #METRICS_ENABLED}, {@value #METRICS_REGISTRY}, {@value #METRICS_TENANT_TAG}, {@value
 * #METRICS_TENANT_CAP}, {@value #METRICS_LOAD_HISTOGRAM}, {@value #METRICS_LOAD_SLO}. Replicas:
 * {@value #CLUSTER_REDIS_URI}, {@value #CLUSTER_NAMESPACE}, {@value #CLUSTER_MODE}, {@value
 * #CLUSTER_MAX_STALENESS}, {@value #CLUSTER_OUTBOX_CAPACITY}, {@value
 * #CLUSTER_ON_PUBLISH_FAILURE}, {@value #CLUSTER_LEASE_WAIT}. Declarative configuration given as a
 * property: {@value #CONFIGURATION}.
 */
public final class TenantCacheProperties {
  /** Property: the {@link TenantResolver}, as a class name or an instance. */
  public static final String TENANT_RESOLVER = "tenantcache.tenancy.resolver";

  /** Property: the {@link MissingTenantPolicy}, {@code default} (the default) or {@code reject}. */
  public static final String MISSING_TENANT = "tenantcache.tenancy.missing-tenant";

  /** Property: the default tenant's id ({@value Tenants#DEFAULT_TENANT} unless set). */
  public static final String DEFAULT_TENANT = "tenantcache.tenancy.default-tenant";

  /**
   * Property: the most tenants the table of a cache's {@link TenantStatisticsMXBean} shows (the
   * most active ones), at least 1; 100 unless set.
   */
  public static final String MANAGEMENT_TENANT_TABLE_SIZE =
      "tenantcache.management.tenant-table-size";

  /**
   * Property: {@code true} binds Micrometer meters for every cache of the manager, and
   * Resilience4j's meters for its manager's Resilience4j registries, to {@value #METRICS_REGISTRY}
   * or else to Micrometer's {@code Metrics.globalRegistry}. Defaults to whether {@value
   * #METRICS_REGISTRY} is set; {@code false} turns metrics off even then.
   */
  public static final String METRICS_ENABLED = "tenantcache.metrics.enabled";

  /**
   * Property: the {@code io.micrometer.core.instrument.MeterRegistry} instance to bind meters to
   * (put it in the {@code Properties} as an object); setting it turns metrics on.
   */
  public static final String METRICS_REGISTRY = "tenantcache.metrics.registry";

  /** Property: {@code true} tags meters with {@code tenant}; {@code false} unless set. */
  public static final String METRICS_TENANT_TAG = "tenantcache.metrics.tenant-tag";

  /**
   * Property: with {@value #METRICS_TENANT_TAG}, how many tenants of a cache get a tag value of
   * their own (the first ones counted); later ones share {@code other}.
   * At least 0; 100 unless set.
   */
  public static final String METRICS_TENANT_CAP = "tenantcache.metrics.tenant-cap";

  /**
   * Property: {@code true} makes {@code cache.load.duration} a timer with a percentile histogram;
   * {@code false} (the default) a function timer over the statistics.
   */
  public static final String METRICS_LOAD_HISTOGRAM = "tenantcache.metrics.load-histogram";

  /**
   * Property: service-level buckets for {@code cache.load.duration}, which then becomes a timer
   * that counts the loads at most each duration long: a {@code Collection} of {@link
   * java.time.Duration}s, or a text such as {@code "1ms, 10ms, 100ms, 1s"} (units {@code ns},
   * {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}, or ISO-8601). None unless set.
   */
  public static final String METRICS_LOAD_SLO = "tenantcache.metrics.load-slo";

  /**
   * Property: where the replicas of this service meet, {@code redis://[user:password@]host:port[/db]}
   * ({@code rediss://} for TLS). Setting it makes the manager a member of a cluster: its caches
   * publish their changes and drop what other replicas change (needs {@code
   * io.tenantcache:tenantcache-redis} on the class path). Unset: the manager is on its own.
   */
  public static final String CLUSTER_REDIS_URI = "tenantcache.cluster.redis.uri";

  /**
   * Property: which managers share caches: the same namespace and cache name is the same cache on
   * every replica. The manager's URI unless set.
   */
  public static final String CLUSTER_NAMESPACE = "tenantcache.cluster.namespace";

  /**
   * Property: the mode of the manager's caches once {@value #CLUSTER_REDIS_URI} is set: {@code
   * invalidate} (the default), {@code shared} or {@code local}.
   */
  public static final String CLUSTER_MODE = "tenantcache.cluster.mode";

  /**
   * Property: how long a replica may go without hearing from the cluster before its clustered
   * caches stop serving their entries (they drop them until it has caught up); {@code 2s} unless
   * set. A duration such as {@code 500ms}, {@code 2s} or ISO-8601.
   */
  public static final String CLUSTER_MAX_STALENESS = "tenantcache.cluster.max-staleness";

  /**
   * Property: how many invalidations wait while they cannot be sent (at least 1; 10000 unless
   * set); past that, the caches they were for are invalidated whole once sending works again.
   */
  public static final String CLUSTER_OUTBOX_CAPACITY = "tenantcache.cluster.outbox-capacity";

  /**
   * Property: what a write of a clustered cache does while its change cannot be published (the
   * transport is not connected): {@code defer} (the default: it goes on locally, its invalidation
   * waits in the outbox) or {@code fail} (it fails with {@code CacheException} and changes nothing).
   */
  public static final String CLUSTER_ON_PUBLISH_FAILURE = "tenantcache.cluster.on-publish-failure";

  /**
   * Property: in mode {@code shared}, how long a replica that misses a key another replica is
   * loading waits for that value before loading it itself, and how long a load's lease lasts;
   * {@code 5s} unless set. A positive duration.
   */
  public static final String CLUSTER_LEASE_WAIT = "tenantcache.cluster.lease-wait";

  /**
   * Property: declarative configuration as HOCON text (a {@code String}, written as in {@code
   * tenantcache.conf}), layered over the manager's configuration file if there is one: where both
   * set a key, this text wins; what it does not set, the file keeps. Its manager settings become
   * manager properties like the file's (the other properties passed to {@code getCacheManager}
   * still win over them) and the caches it declares exist as soon as the manager opens. A bad
   * setting fails {@code getCacheManager} with a {@link TenantCacheConfigurationException} that
   * names the setting's full path. Reading it needs {@code com.typesafe:config}.
   */
  public static final String CONFIGURATION = "tenantcache.configuration";

  private TenantCacheProperties() {}
}
