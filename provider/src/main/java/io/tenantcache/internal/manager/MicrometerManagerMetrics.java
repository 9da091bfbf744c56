package io.tenantcache.internal.manager;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.internal.cache.CacheLifecycle;
import io.tenantcache.internal.load.ResilienceRegistries;
import io.tenantcache.internal.metrics.CacheMeterBinding;
import java.lang.System.Logger.Level;

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
  public void close() {
    if (resilienceBound) {
      ResilienceMeters.unbind(resilience);
    }
  }

  @Override
  public String toString() {
    return "MicrometerManagerMetrics[" + managerUri + " -> " + registry + "]";
  }
}
