package io.tenantcache.internal.manager;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.ClusterMode;
import io.tenantcache.cluster.ClusterReplica;
import io.tenantcache.cluster.ClusterSettings;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.ClusterTransportFactory;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.OnPublishFailure;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.internal.cache.CacheLifecycle;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A manager's membership of a cluster: the transport its clustered caches publish through, and
 * the replica the transport delivers the other replicas' invalidations to (each goes to the cache
 * of its name, if this manager has it and it is clustered).
 */
final class ClusterMembership implements ClusterReplica {
  private static final System.Logger LOGGER = System.getLogger(ClusterMembership.class.getName());

  private final Map<String, CacheLifecycle<?, ?>> caches;
  private final ClusterSettings settings;
  private volatile @Nullable ClusterTransport transport;
  private volatile Consumer<Duration> lagTimer = lag -> { };
  private volatile Consumer<Duration> lookupTimer = took -> { };
  private volatile @Nullable SharedTier sharedTier;
  private Consumer<SharedTier> whenSharedTierOpens = tier -> { };

  private ClusterMembership(Map<String, CacheLifecycle<?, ?>> caches, ClusterSettings settings) {
    this.caches = caches;
    this.settings = settings;
  }

  /**
   * Joins the cluster the properties name, or returns null when {@value
   * TenantCacheProperties#CLUSTER_REDIS_URI} is not set.
   *
   * @param caches the manager's caches by name (read, never changed, here)
   * @throws IllegalArgumentException naming the setting whose value cannot work, or saying which
   *     module to add when no transport on the class path accepts the URI
   */
  static @Nullable ClusterMembership join(String managerUri, Properties properties,
      ClassLoader classLoader, Map<String, CacheLifecycle<?, ?>> caches) {
    ClusterSettings settings = settings(managerUri, properties);
    if (settings == null) {
      return null;
    }
    ClusterTransportFactory factory = null;
    for (ClusterTransportFactory candidate :
        ServiceLoader.load(ClusterTransportFactory.class, classLoader)) {
      if (candidate.accepts(settings.uri())) {
        factory = candidate;
        break;
      }
    }
    if (factory == null) {
      throw new IllegalArgumentException(TenantCacheProperties.CLUSTER_REDIS_URI + " is '"
          + settings.redactedUri() + "', but no cluster transport on the class path accepts it: "
          + "add the dependency io.tenantcache:tenantcache-redis, or remove the setting");
    }
    ClusterMembership membership = new ClusterMembership(caches, settings);
    membership.transport = factory.open(settings, membership);
    return membership;
  }

  /** Reads the cluster settings, or returns null when no cluster URI is set. */
  static @Nullable ClusterSettings settings(String managerUri, Properties properties) {
    Object uriValue = ManagerSettings.value(properties, TenantCacheProperties.CLUSTER_REDIS_URI);
    if (uriValue == null || uriValue.toString().isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(uriValue.toString().trim());
    } catch (URISyntaxException e) {
      // The message of URISyntaxException holds the input, which may hold a password.
      throw new IllegalArgumentException(TenantCacheProperties.CLUSTER_REDIS_URI + " is not a "
          + "URI (at index " + e.getIndex() + ": " + e.getReason() + "); expected "
          + "redis://[user:password@]host:port[/db] or rediss://...");
    }
    Object namespace = ManagerSettings.value(properties, TenantCacheProperties.CLUSTER_NAMESPACE);
    return new ClusterSettings(uri, (namespace == null) ? managerUri : namespace.toString().trim(),
        mode(properties), maxStaleness(properties),
        ManagerSettings.integer(properties, TenantCacheProperties.CLUSTER_OUTBOX_CAPACITY,
            ClusterSettings.DEFAULT_OUTBOX_CAPACITY, 1), onPublishFailure(properties),
        duration(properties, TenantCacheProperties.CLUSTER_LEASE_WAIT,
            ClusterSettings.DEFAULT_LEASE_WAIT));
  }

  private static OnPublishFailure onPublishFailure(Properties properties) {
    Object value =
        ManagerSettings.value(properties, TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE);
    if (value == null) {
      return OnPublishFailure.DEFER;
    }
    return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
      case "defer" -> OnPublishFailure.DEFER;
      case "fail" -> OnPublishFailure.FAIL;
      default -> throw new IllegalArgumentException(
          TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE + " is '" + value
              + "'; allowed: defer, fail");
    };
  }

  private static ClusterMode mode(Properties properties) {
    Object value = ManagerSettings.value(properties, TenantCacheProperties.CLUSTER_MODE);
    if (value == null) {
      return ClusterMode.INVALIDATE;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "invalidate" -> ClusterMode.INVALIDATE;
      case "local" -> ClusterMode.LOCAL;
      case "shared" -> ClusterMode.SHARED;
      default -> throw new IllegalArgumentException(TenantCacheProperties.CLUSTER_MODE + " is '"
          + value + "'; allowed: invalidate, shared, local");
    };
  }

  private static Duration maxStaleness(Properties properties) {
    return duration(properties, TenantCacheProperties.CLUSTER_MAX_STALENESS,
        ClusterSettings.DEFAULT_MAX_STALENESS);
  }

  private static Duration duration(Properties properties, String name, Duration absent) {
    Object value = ManagerSettings.value(properties, name);
    if (value == null) {
      return absent;
    }
    Duration duration = (value instanceof Duration d) ? d
        : ManagerSettings.parseDuration(value.toString());
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " is '" + value
          + "'; allowed: a positive duration such as 500ms, 2s, PT2S");
    }
    return duration;
  }

  /**
   * Returns the transport a new cache publishes through, or null when its mode ({@code own}, else
   * the manager's) is local.
   */
  @Nullable ClusterTransport transportFor(@Nullable ClusterMode own) {
    return (modeOf(own) == ClusterMode.LOCAL) ? null : transport;
  }

  /**
   * Returns the shared tier of a new cache whose mode ({@code own}, else the manager's) is shared,
   * or null for another mode.
   *
   * @throws IllegalArgumentException naming the cache when the transport keeps no shared tier
   */
  @Nullable SharedTier sharedTierFor(String cacheName, @Nullable ClusterMode own) {
    ClusterTransport joined = transport;
    if (modeOf(own) != ClusterMode.SHARED || joined == null) {
      return null;
    }
    SharedTier tier = joined.sharedTier();
    if (tier == null) {
      throw new IllegalArgumentException("cache '" + cacheName + "' is in cluster mode shared, "
          + "but the transport of " + settings.redactedUri() + " keeps no shared tier; use mode "
          + "invalidate, or a transport that supports shared (tenantcache-redis)");
    }
    synchronized (this) {
      if (sharedTier == null) {
        sharedTier = tier;
        whenSharedTierOpens.accept(tier);
      }
    }
    return tier;
  }

  /** Returns the shared tier once a cache in mode shared has opened it, else null. */
  @Nullable SharedTier openedSharedTier() {
    return sharedTier;
  }

  /** Runs {@code action} when the first cache in mode shared opens the shared tier. */
  synchronized void whenSharedTierOpens(Consumer<SharedTier> action) {
    this.whenSharedTierOpens = action;
  }

  /** Records each look-up of the shared tier with {@code timer} from now on. */
  void timeSharedLookupsWith(Consumer<Duration> timer) {
    this.lookupTimer = timer;
  }

  @Override
  public void sharedLookup(Duration took) {
    lookupTimer.accept(took);
  }

  private ClusterMode modeOf(@Nullable ClusterMode own) {
    return (own != null) ? own : settings.mode();
  }

  ClusterSettings settings() {
    return settings;
  }

  /** Returns the transport (null only while it is being opened). */
  @Nullable ClusterTransport transport() {
    return transport;
  }

  @Override
  public void apply(Invalidation invalidation) {
    CacheLifecycle<?, ?> cache = caches.get(invalidation.cache());
    if (cache != null && cache.isClustered()) {
      cache.applyRemote(invalidation);
    }
  }

  /** Records each invalidation's lag with {@code timer} from now on. */
  void timeLagWith(Consumer<Duration> timer) {
    this.lagTimer = timer;
  }

  @Override
  public void lag(Duration lag) {
    lagTimer.accept(lag);
  }

  @Override
  public void dropAll(String reason) {
    for (CacheLifecycle<?, ?> cache : caches.values()) {
      if (cache.isClustered()) {
        cache.dropAllLocally();
      }
    }
    LOGGER.log(System.Logger.Level.DEBUG, () -> "dropped the entries of the clustered caches: "
        + reason);
  }

  /** Leaves the cluster: sends what it can of the outbox, closes the transport. */
  void leave() {
    ClusterTransport joined = transport;
    if (joined != null) {
      joined.close();
    }
  }
}
