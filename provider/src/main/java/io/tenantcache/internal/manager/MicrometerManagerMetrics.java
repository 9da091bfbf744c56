package io.tenantcache.internal.manager;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.RepairReason;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.cluster.SharedTierStatus;
import io.tenantcache.internal.cache.CacheLifecycle;
import io.tenantcache.internal.load.ResilienceRegistries;
import io.tenantcache.internal.metrics.CacheMeterBinding;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * {@link ManagerMetrics} on Micrometer: a {@link CacheMeterBinding} per cache and Resilience4j's
 * own meters for the manager's registries, all in one {@link MeterRegistry}. Loaded only when the
 * manager's properties turn metrics on.
 */
final class MicrometerManagerMetrics implements ManagerMetrics {
  private static final System.Logger LOGGER =
      System.getLogger(MicrometerManagerMetrics.class.getName());
  private static final String RESILIENCE4J_MICROMETER =
      "io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics";

  private final String managerUri;
  private final MeterRegistry registry;
  private final ManagerSettings settings;
  private final ResilienceRegistries resilience;
  private final boolean resilienceBound;
  private final List<Meter> clusterMeters = new CopyOnWriteArrayList<>();

  private MicrometerManagerMetrics(String managerUri, MeterRegistry registry,
      ManagerSettings settings, ResilienceRegistries resilience, boolean resilienceBound) {
    this.managerUri = managerUri;
    this.registry = registry;
    this.settings = settings;
    this.resilience = resilience;
    this.resilienceBound = resilienceBound;
  }

  static ManagerMetrics create(String managerUri, ManagerSettings settings,
      ResilienceRegistries resilience) {
    Object configured = settings.registry();
    MeterRegistry registry;
    if (configured == null) {
      registry = Metrics.globalRegistry;
    } else if (configured instanceof MeterRegistry given) {
      registry = given;
    } else {
      throw new IllegalArgumentException(TenantCacheProperties.METRICS_REGISTRY + " is a "
          + configured.getClass().getName() + "; it must be an "
          + MeterRegistry.class.getName() + " instance");
    }
    boolean resilienceBound = resilience4jMicrometerPresent();
    if (resilienceBound) {
      ResilienceMeters.bind(resilience, registry);
    } else {
      LOGGER.log(Level.INFO, "CacheManager ''{0}'': io.github.resilience4j:resilience4j-micrometer "
          + "is not on the classpath, so the load path''s circuit breakers, retries, bulkheads and "
          + "time limiters get no meters; add it to get them", managerUri);
    }
    return new MicrometerManagerMetrics(managerUri, registry, settings, resilience,
        resilienceBound);
  }

  private static boolean resilience4jMicrometerPresent() {
    try {
      Class.forName(RESILIENCE4J_MICROMETER, false,
          MicrometerManagerMetrics.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void cacheCreated(CacheLifecycle<?, ?> cache) {
    CacheMeterBinding.bind(cache, registry, Tags.empty(), settings.tenantTag(),
        settings.tenantCap(), settings.loadTiming());
  }

  @Override
  public Consumer<Duration> clusterJoined(ClusterTransport transport, String namespace) {
    Tags tags = Tags.of("cache.manager", managerUri, "namespace", namespace);
    counter("cache.cluster.invalidations", "invalidations sent to or received from other replicas",
        tags.and("direction", "sent"), transport, ClusterStatus::sent);
    counter("cache.cluster.invalidations", "invalidations sent to or received from other replicas",
        tags.and("direction", "received"), transport, ClusterStatus::received);
    for (RepairReason reason : RepairReason.values()) {
      counter("cache.cluster.repairs", "times the clustered caches dropped their entries because "
          + "this replica could not prove them fresh", tags.and("reason", reason.tag()), transport,
          status -> status.repairsByReason().getOrDefault(reason, 0L));
    }
    gauge("cache.cluster.connected", "1 while connected to the cluster's server", null, tags,
        transport, status -> status.connected() ? 1 : 0);
    gauge("cache.cluster.suspect", "1 while this replica has not heard from the cluster within "
        + "max-staleness (its clustered caches then serve no entries)", null, tags, transport,
        status -> status.current() ? 0 : 1);
    gauge("cache.cluster.outbox", "invalidations waiting to be sent", null, tags, transport,
        ClusterStatus::outbox);
    Timer lag = Timer.builder("cache.cluster.lag")
        .description("time from an invalidation's publication on another replica to its "
            + "application here (by the two replicas' wall clocks)")
        .tags(tags).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    clusterMeters.add(lag);
    return lag::record;
  }

  @Override
  public Consumer<Duration> sharedTierOpened(SharedTier tier, String namespace) {
    Tags tags = Tags.of("cache.manager", managerUri, "namespace", namespace);
    String gets = "local misses of shared caches that read the shared tier, by what they found";
    sharedCounter("cache.cluster.shared.gets", gets, tags.and("result", "hit"), tier,
        SharedTierStatus::remoteHits);
    sharedCounter("cache.cluster.shared.gets", gets, tags.and("result", "miss"), tier,
        SharedTierStatus::remoteMisses);
    sharedCounter("cache.cluster.shared.lease.waits", "misses that waited for another replica's "
        + "load of their key", tags, tier, SharedTierStatus::leaseWaits);
    sharedCounter("cache.cluster.shared.lease.takeovers", "waits that ended with this replica "
        + "taking over a lease that ran out", tags, tier, SharedTierStatus::leasesTakenOver);
    sharedCounter("cache.cluster.shared.lease.timeouts", "waits that ran out (lease-wait) and "
        + "loaded here", tags, tier, SharedTierStatus::leaseWaitsRanOut);
    sharedCounter("cache.cluster.shared.unavailable", "calls the shared tier's server could not "
        + "serve (time limit, breaker open, failure): the miss loaded here", tags, tier,
        SharedTierStatus::unavailableCalls);
    sharedCounter("cache.cluster.shared.unreadable", "values of the shared tier that could not "
        + "be read here (codec, serial filter)", tags, tier, SharedTierStatus::unreadableValues);
    sharedCounter("cache.cluster.shared.overflows", "changes that found the queue of changes "
        + "full and became a clear of their tenant (or cache)", tags, tier,
        SharedTierStatus::overflows);
    clusterMeters.add(Gauge.builder("cache.cluster.shared.pending", tier,
            t -> t.status().pendingChanges())
        .description("changes waiting to be sent to the shared tier").tags(tags)
        .register(registry));
    for (String state : List.of("closed", "open", "half_open")) {
      clusterMeters.add(Gauge.builder("cache.cluster.shared.breaker", tier,
              t -> t.status().breakerState().equals(state) ? 1 : 0)
          .description("1 for the state the shared tier's circuit breaker is in")
          .tags(tags.and("state", state)).register(registry));
    }
    Timer lookups = Timer.builder("cache.cluster.shared.lookups")
        .description("round trips of the shared tier's look-ups (a local miss reading the tier)")
        .tags(tags).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    clusterMeters.add(lookups);
    return lookups::record;
  }

  private void sharedCounter(String name, String description, Tags tags, SharedTier tier,
      ToLongFunction<SharedTierStatus> figure) {
    clusterMeters.add(FunctionCounter.builder(name, tier, t -> figure.applyAsLong(t.status()))
        .description(description).tags(tags).register(registry));
  }

  private void counter(String name, String description, Tags tags, ClusterTransport transport,
      ToLongFunction<ClusterStatus> figure) {
    clusterMeters.add(FunctionCounter.builder(name, transport,
            t -> figure.applyAsLong(t.status()))
        .description(description).tags(tags).register(registry));
  }

  private void gauge(String name, String description, @Nullable String unit, Tags tags, ClusterTransport transport, ToDoubleFunction<ClusterStatus> figure) {
    clusterMeters.add(Gauge.builder(name, transport, t -> figure.applyAsDouble(t.status()))
        .description(description).baseUnit(unit).tags(tags).register(registry));
  }

  @Override
  public void close() {
    if (resilienceBound) {
      ResilienceMeters.unbind(resilience);
    }
    for (Meter meter : clusterMeters) {
      registry.remove(meter);
    }
    clusterMeters.clear();
  }

  @Override
  public String toString() {
    return "MicrometerManagerMetrics[" + managerUri + " -> " + registry + "]";
  }
}
