package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheManager;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} over a TenantCache JCache manager, handing out {@link
 * TenantSpringCache}s. A cache that the JCache manager does not hold yet is created on first use,
 * read-through from the callers' value loaders (which is how {@code @Cacheable(sync = true)}
 * coalesces), stored by reference like Spring's own caches, with statistics on, and bounded to
 * {@value TenantCacheConfiguration#DEFAULT_MAXIMUM_SIZE} entries over all tenants. A cache the
 * JCache manager already holds (declared in {@code tenantcache.conf}, or created in code) is used
 * as it is: its {@code get(key, valueLoader)} then calls the value loader without coalescing.
 */
public final class TenantSpringCacheManager implements CacheManager {
  private final javax.cache.CacheManager jcacheManager;
  private final boolean allowNullValues;
  private final Map<String, TenantSpringCache> caches = new ConcurrentHashMap<>();

  /**
   * Creates a manager over {@code jcacheManager}, a TenantCache manager.
   *
   * @param allowNullValues whether a null value is cached (as Spring's {@code NullValue})
   * @throws IllegalArgumentException if {@code jcacheManager} is not TenantCache's
   */
  public TenantSpringCacheManager(javax.cache.CacheManager jcacheManager, boolean allowNullValues) {
    this.jcacheManager = requireNonNull(jcacheManager, "jcacheManager");
    this.allowNullValues = allowNullValues;
    try {
      jcacheManager.unwrap(TenantCacheManager.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the JCache manager " + jcacheManager.getURI()
          + " is not TenantCache's; open it with TenantCachingProvider", e);
    }
  }

  /** Returns the cache named {@code name}, created in the JCache manager if it holds none. */
  @Override
  public TenantSpringCache getCache(String name) {
    requireNonNull(name, "name");
    return caches.computeIfAbsent(name, this::open);
  }

  @Override
  public Collection<String> getCacheNames() {
    Set<String> names = new LinkedHashSet<>(caches.keySet());
    jcacheManager.getCacheNames().forEach(names::add);
    return names;
  }

  private TenantSpringCache open(String name) {
    Cache<Object, Object> existing = jcacheManager.getCache(name);
    if (existing != null) {
      return new TenantSpringCache(existing, new CallerValueLoaders(), allowNullValues);
    }
    CallerValueLoaders valueLoaders = new CallerValueLoaders();
    TenantCacheConfiguration<Object, Object> configuration = TenantCacheConfiguration
        .builder(Object.class, Object.class)
        .storeByValue(false)
        // Counted: the meters, the tenantcaches endpoint and the MXBeans read these counters.
        .statisticsEnabled(true)
        .readThrough(new FactoryBuilder.SingletonFactory<>(valueLoaders))
        .build();
    try {
      return new TenantSpringCache(jcacheManager.createCache(name, configuration), valueLoaders,
          allowNullValues);
    } catch (CacheException e) {
      Cache<Object, Object> createdMeanwhile = jcacheManager.getCache(name);
      if (createdMeanwhile == null) {
        throw e;
      }
      return new TenantSpringCache(createdMeanwhile, new CallerValueLoaders(), allowNullValues);
    }
  }
}
