package io.tenantcache.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantCacheProperties;
import java.util.Properties;
import javax.cache.CacheManager;
import org.springframework.boot.cache.metrics.JCacheCacheMeterBinderProvider;
import org.springframework.cache.jcache.JCacheCache;

/**
 * Boot's JCache binder provider ({@code JCacheMetrics}, figures summed over tenants) for every
 * JCache cache but those of a TenantCache manager that binds its own meters: for those it hands
 * Boot's cache metrics a binder that binds nothing, so each meter name has one set of tags (the
 * manager's, with {@code tenant}). Stateless and thread-safe.
 */
final class TenantCacheAwareJCacheMeterBinderProvider extends JCacheCacheMeterBinderProvider {
  private static final MeterBinder BOUND_BY_TENANTCACHE = registry -> { };

  @Override
  public MeterBinder getMeterBinder(JCacheCache cache, Iterable<Tag> tags) {
    requireNonNull(cache, "cache");
    if (bindsOwnMeters(cache.getNativeCache().getCacheManager())) {
      return BOUND_BY_TENANTCACHE;
    }
    return super.getMeterBinder(cache, tags);
  }

  /** Whether {@code manager} is TenantCache's and its properties turn its own meters on. */
  static boolean bindsOwnMeters(CacheManager manager) {
    if (!isTenantCache(manager)) {
      return false;
    }
    // The manager's properties are merged with tenantcache.conf: its own rule for "metrics on".
    Properties properties = manager.getProperties();
    Object enabled = properties.get(TenantCacheProperties.METRICS_ENABLED);
    if (enabled != null) {
      return Boolean.parseBoolean(enabled.toString().trim());
    }
    return properties.get(TenantCacheProperties.METRICS_REGISTRY) != null;
  }

  private static boolean isTenantCache(CacheManager manager) {
    try {
      manager.unwrap(TenantCacheManager.class);
      return true;
    } catch (IllegalArgumentException notTenantCache) {
      return false;
    }
  }
}
