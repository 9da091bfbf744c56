package io.tenantcache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.tenantcache.TenantCacheConfiguration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.cache2k.Cache2kBuilder;
import org.cache2k.jcache.ExtendedMutableConfiguration;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.jsr107.Eh107Configuration;

/**
 * The caches under test, by the name the benchmarks' {@code provider} parameter uses. Each is
 * bounded to {@link CacheSpec#capacity()} entries through its own configuration (plain JCache has
 * no size setting), stores by reference, and has statistics on or off as asked. JCache providers
 * are picked by class name: all four are on the class path.
 */
public enum Provider {
  /** This project: tenant-partitioned, on Caffeine; calls act for the default tenant. */
  // Its provider class moved to io.tenantcache.spi; compare.sh builds older commits with this code.
  TENANTCACHE("tenantcache",
      "io.tenantcache.spi.TenantCachingProvider|io.tenantcache.TenantCachingProvider") {
    @Override
    Configuration<Integer, Integer> configuration(CacheSpec spec) {
      TenantCacheConfiguration.Builder<Integer, Integer> builder =
          TenantCacheConfiguration.builder(Integer.class, Integer.class)
              .maximumSize(spec.capacity())
              .storeByValue(false)
              .statisticsEnabled(spec.statistics());
      if (spec.loader() != null) {
        builder.readThrough(spec.loader().jcacheFactory());
      }
      return builder.build();
    }
  },

  /** Caffeine's JCache adapter ({@code com.github.ben-manes.caffeine:jcache}). */
  CAFFEINE_JCACHE("caffeine-jcache",
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider") {
    @Override
    Configuration<Integer, Integer> configuration(CacheSpec spec) {
      CaffeineConfiguration<Integer, Integer> configuration = new CaffeineConfiguration<>();
      configuration.setTypes(Integer.class, Integer.class);
      configuration.setMaximumSize(OptionalLong.of(spec.capacity()));
      configuration.setStoreByValue(false);
      configuration.setStatisticsEnabled(spec.statistics());
      if (spec.loader() != null) {
        configuration.setReadThrough(true);
        configuration.setCacheLoaderFactory(spec.loader().jcacheFactory());
      }
      return configuration;
    }
  },

  /** Ehcache 3's JSR-107 provider, configured natively: a heap tier of {@code capacity} entries. */
  EHCACHE("ehcache", "org.ehcache.jsr107.EhcacheCachingProvider") {
    @Override
    Configuration<Integer, Integer> configuration(CacheSpec spec) {
      CacheConfigurationBuilder<Integer, Integer> builder =
          CacheConfigurationBuilder.newCacheConfigurationBuilder(Integer.class, Integer.class,
              ResourcePoolsBuilder.heap(spec.capacity()));
      if (spec.loader() != null) {
        builder = builder.withLoaderWriter(spec.loader().ehcache());
      }
      // Statistics: switched through the JCache CacheManager once the cache exists.
      return Eh107Configuration.fromEhcacheCacheConfiguration(builder.build());
    }
  },

  /** cache2k's JCache provider, bounded with {@code Cache2kBuilder.entryCapacity}. */
  CACHE2K("cache2k", "org.cache2k.jcache.provider.JCacheProvider") {
    @Override
    Configuration<Integer, Integer> configuration(CacheSpec spec) {
      ExtendedMutableConfiguration<Integer, Integer> configuration = ExtendedMutableConfiguration.of(
          Cache2kBuilder.of(Integer.class, Integer.class).entryCapacity(spec.capacity()));
      configuration.setStoreByValue(false);
      configuration.setStatisticsEnabled(spec.statistics());
      if (spec.loader() != null) {
        configuration.setReadThrough(true);
        configuration.setCacheLoaderFactory(spec.loader().jcacheFactory());
      }
      return configuration;
    }
  },

  /** Raw Caffeine, no JCache layer: a {@code LoadingCache} when read-through is asked. */
  CAFFEINE("caffeine", null) {
    @Override
    Configuration<Integer, Integer> configuration(CacheSpec spec) {
      throw new UnsupportedOperationException("raw Caffeine has no JCache configuration");
    }

    @Override
    public BenchCache create(CacheSpec spec) {
      Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(spec.capacity());
      if (spec.statistics()) {
        builder.recordStats();
      }
      if (spec.loader() != null) {
        LoadingCache<Integer, Integer> cache = builder.build(spec.loader().caffeine());
        return new CaffeineBench.Loading(cache);
      }
      Cache<Integer, Integer> cache = builder.build();
      return new CaffeineBench(cache);
    }
  };

  /** Every provider's parameter value, in the order the reports list them. */
  public static final String ALL =
      "tenantcache,caffeine-jcache,ehcache,cache2k,caffeine";

  private static final AtomicInteger CACHE_NUMBER = new AtomicInteger();

  private final String id;
  private final String providerClass;

  Provider(String id, String providerClass) {
    this.id = id;
    this.providerClass = providerClass;
  }

  /** Returns the name the benchmarks' {@code provider} parameter uses. */
  public String id() {
    return id;
  }

  /** Returns the provider named {@code id} (as in {@link #ALL}). */
  public static Provider of(String id) {
    for (Provider provider : values()) {
      if (provider.id.equals(id)) {
        return provider;
      }
    }
    throw new IllegalArgumentException("unknown provider '" + id + "'; known: "
        + Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(", ")));
  }

  abstract Configuration<Integer, Integer> configuration(CacheSpec spec);

  /** The JCache provider of the first of the '|'-separated class names that is on the class path. */
  private CachingProvider cachingProvider() {
    CacheException missing = new CacheException("no JCache provider of " + id + " (" + providerClass
        + ") on the class path");
    for (String className : providerClass.split("\\|")) {
      try {
        return Caching.getCachingProvider(className);
      } catch (CacheException e) {
        missing.addSuppressed(e);
      }
    }
    throw missing;
  }

  /** Creates a new cache as {@code spec} says, and checks that it is configured as asked. */
  public BenchCache create(CacheSpec spec) {
    CacheManager manager = cachingProvider().getCacheManager();
    String name = "bench-" + id + "-" + CACHE_NUMBER.incrementAndGet();
    javax.cache.Cache<Integer, Integer> cache = manager.createCache(name, configuration(spec));
    manager.enableStatistics(name, spec.statistics());
    JCacheBench bench = new JCacheBench(manager, cache);
    bench.checkConfigured(spec);
    return bench;
  }
}
