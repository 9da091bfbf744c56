package io.tenantcache.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import io.tenantcache.Tenants;
import io.tenantcache.spi.TenantCachingProvider;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.IsolatingClassLoader;
import io.tenantcache.testing.KeyLoader;
import io.tenantcache.testing.RecordingListener;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Classes named in a cache manager's configuration are loaded with the manager's class loader, and
 * a closed manager lets go of that loader: after the manager and its provider are closed, nothing
 * of TenantCache (the provider's manager map, MXBeans, meters, Resilience4j registries and their
 * threads, thread locals) keeps a throwaway class loader reachable, so it is collected.
 */
final class SecurityClassLoaderTest {
  private static final long GC_WAIT_MILLIS = 10_000;

  @Test
  void closedManager_releasesItsClassLoader() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();   // outlives the manager, as an app's
    ClassLoader testLoader = Thread.currentThread().getContextClassLoader();
    WeakReference<ClassLoader> released = useAndClose(meters);

    long deadline = System.nanoTime() + GC_WAIT_MILLIS * 1_000_000;
    while (released.get() != null && System.nanoTime() - deadline < 0) {
      System.gc();
      Thread.sleep(50);
    }

    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(testLoader);
    assertThat(released.get()).as("the throwaway class loader was collected").isNull();
    assertThat(meters.getMeters()).as("no meter of the closed manager is left").isEmpty();
  }

  @Test
  void sharedManager_usedWhileAThrowawayLoaderIsTheContextLoader_doesNotKeepIt() throws Exception {
    try (CacheFixture shared = new CacheFixture()) {
      Cache<String, String> cache = shared.create(shared.builder(String.class, String.class)
          .readThrough(() -> new ThrowawayCacheLoader())
          .resilience(LoadResilience.builder()
              .timeout(Duration.ofSeconds(5))
              .retry(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(1)).build())
              .build()));
      WeakReference<ClassLoader> released = useFromThrowawayContext(cache);

      long deadline = System.nanoTime() + GC_WAIT_MILLIS * 1_000_000;
      while (released.get() != null && System.nanoTime() - deadline < 0) {
        System.gc();
        Thread.sleep(50);
      }

      assertThat(released.get()).as("the manager's threads do not keep the loader that was the "
          + "context loader when they were started").isNull();
      assertThat(cache.get("still")).isEqualTo("loaded-still");
    }
  }

  /**
   * Makes the first loads of {@code cache} (which start its manager's scheduler and loader
   * threads) from a thread whose context loader is a throwaway one, as a web application's request
   * thread would, then lets that thread end.
   */
  private static WeakReference<ClassLoader> useFromThrowawayContext(Cache<String, String> cache)
      throws Exception {
    ClassLoader throwaway = throwawayLoader(Set.of());
    Thread caller = new Thread(() -> {
      assertThat(cache.get("a")).isEqualTo("loaded-a");
      assertThat(cache.getAll(Set.of("b", "c"))).hasSize(2);
    }, "throwaway-context-caller");
    caller.setContextClassLoader(throwaway);
    caller.start();
    caller.join(GC_WAIT_MILLIS);
    assertThat(caller.isAlive()).isFalse();
    return new WeakReference<>(throwaway);
  }

  /** Uses a manager on a throwaway loader in every way that could keep it, then closes it. */
  private static WeakReference<ClassLoader> useAndClose(SimpleMeterRegistry meters)
      throws Exception {
    ClassLoader loader = throwawayLoader(
        Set.of(ThrowawayResolver.class.getName(), ThrowawayCacheLoader.class.getName()));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);   // as a web application's request thread would
    TenantCachingProvider provider = new TenantCachingProvider();
    try {
      Properties properties = new Properties();
      properties.setProperty(TenantCacheProperties.TENANT_RESOLVER, ThrowawayResolver.class.getName());
      properties.put(TenantCacheProperties.METRICS_REGISTRY, meters);
      properties.setProperty(TenantCacheProperties.METRICS_TENANT_TAG, "true");
      URI uri = URI.create("urn:tenantcache:throwaway-" + UUID.randomUUID());
      CacheManager manager = provider.getCacheManager(uri, null, properties);
      assertThat(manager.getClassLoader()).as("the default loader is the context loader")
          .isSameAs(loader);

      @SuppressWarnings("unchecked")
      Class<CacheLoader<String, String>> loaderClass = (Class<CacheLoader<String, String>>)
          loader.loadClass(ThrowawayCacheLoader.class.getName());
      Factory<CacheLoader<String, String>> loaderFactory = () -> {
        try {
          return loaderClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
      Cache<String, String> cache = manager.createCache("throwaway",
          TenantCacheConfiguration.builder(String.class, String.class)
              .readThrough(loaderFactory)
              .statisticsEnabled(true).managementEnabled(true)
              .addListener(new RecordingListener<String, String>().configuration(false))
              .resilience(LoadResilience.builder()
                  .timeout(Duration.ofSeconds(5))
                  .retry(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(1))
                      .build())
                  .circuitBreaker(CircuitBreakerConfig.ofDefaults(), ResilienceScope.TENANT)
                  .bulkhead(BulkheadConfig.ofDefaults(), ResilienceScope.TENANT)
                  .build())
              .build());

      // The resolver named in the properties was loaded through the manager's loader.
      cache.put("k", "v");
      assertThat(CacheFixture.admin(cache).tenants()).containsExactly("resolved-by-throwaway");
      assertThat(cache.get("missing")).isEqualTo("loaded-missing");
      assertThat(cache.getAll(Set.of("a", "b"))).hasSize(2);
      Tenants.run("acme", () -> cache.invoke("k", (entry, args) -> {
        entry.setValue("w");
        return null;
      }));
      assertThat(meters.getMeters()).isNotEmpty();
      ObjectName statistics = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + uri.toString().replace(':', '.') + ",Cache=throwaway");
      assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(statistics)).isTrue();

      manager.close();
      assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(statistics)).isFalse();
      return new WeakReference<>(loader);
    } finally {
      provider.close();
      thread.setContextClassLoader(previous);
    }
  }

  /** Resolves a tenant that tells which loader defined it. */
  public static final class ThrowawayResolver implements TenantResolver {
    @Override
    public Optional<String> currentTenant() {
      return Optional.of("throwaway".equals(getClass().getClassLoader().getName())
          ? "resolved-by-throwaway" : "resolved-by-the-wrong-loader");
    }
  }

  /** An application's loader class, defined by the throwaway loader. */
  public static final class ThrowawayCacheLoader implements KeyLoader<String, String> {
    @Override
    public String load(String key) {
      return "loaded-" + key;
    }
  }


  /** A loader that defines the classes named {@code own} itself, as a web application's would. */
  private static IsolatingClassLoader throwawayLoader(Set<String> own) {
    return new IsolatingClassLoader("throwaway", SecurityClassLoaderTest.class.getClassLoader(),
        own::contains, name -> false);
  }
}
