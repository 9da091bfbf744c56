package io.tenantcache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of TenantResolutionTest and MissingTenantPolicyTest share: their fixtures and helpers.
 */
abstract class TenantResolutionSupport {
  final CachingProvider provider = Caching.getCachingProvider();
  final List<CacheManager> managers = new ArrayList<>();

  @BeforeEach
  void resetStaticResolver() {
    StaticResolver.TENANT.set(Optional.empty());
    StaticResolver.CALLS.set(0);
  }

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
    StaticResolver.TENANT.set(Optional.empty());
  }

  /** A resolver named by class in the properties: answers what a test put in {@link #TENANT}. */
  public static final class StaticResolver implements TenantResolver {
    static final AtomicReference<Optional<String>> TENANT = new AtomicReference<>(Optional.empty());
    static final AtomicInteger CALLS = new AtomicInteger();

    public StaticResolver() {}

    @Override
    public Optional<String> currentTenant() {
      CALLS.incrementAndGet();
      return TENANT.get();
    }
  }

  /** Has a public no-argument constructor but is no resolver. */
  public static final class NotAResolver {
    public NotAResolver() {}
  }

  /** A resolver that cannot be made from its name: no no-argument constructor. */
  public static final class ResolverWithoutNoArgConstructor implements TenantResolver {
    public ResolverWithoutNoArgConstructor(String tenant) {}

    @Override
    public Optional<String> currentTenant() {
      return Optional.empty();
    }
  }

  /** A resolver instance whose answer a test sets, counting its calls. */
  static final class SettableResolver implements TenantResolver {
    final AtomicReference<Optional<String>> tenant = new AtomicReference<>(Optional.empty());
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Optional<String> currentTenant() {
      calls.incrementAndGet();
      return tenant.get();
    }
  }

  static URI uniqueUri() {
    return URI.create("urn:tenantcache:resolution-" + UUID.randomUUID());
  }

  TenantCacheManager manager(Properties properties) {
    CacheManager manager = provider.getCacheManager(uniqueUri(),
        TenantResolutionTest.class.getClassLoader(), properties);
    managers.add(manager);
    return manager.unwrap(TenantCacheManager.class);
  }

  static Properties properties(Object... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  static Cache<String, String> strings(CacheManager manager) {
    return manager.createCache("strings",
        TenantCacheConfiguration.builder(String.class, String.class).build());
  }

  static Map<String, String> entriesOf(Cache<String, String> cache, String tenant) {
    return entries(admin(cache).forTenant(tenant));
  }

  // --- bad property values fail at getCacheManager ------------------------------------------

  void assertGetCacheManagerFails(Properties properties, String property) {
    URI uri = uniqueUri();
    ClassLoader classLoader = TenantResolutionTest.class.getClassLoader();
    assertThatThrownBy(() -> managers.add(provider.getCacheManager(uri, classLoader, properties)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(property);
    // Nothing half-made stays behind: the same URI with good properties gives a working manager.
    CacheManager good = provider.getCacheManager(uri, classLoader, new Properties());
    managers.add(good);
    assertThat(good.isClosed()).isFalse();
    assertThat(good.getProperties()).isEmpty();
  }
}
