package io.tenantcache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.testing.RecordingListener;
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
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which tenant a call acts for: an explicit {@link Tenants#bind} first, else the manager's {@link
 * TenantResolver}, else its {@link MissingTenantPolicy}; and the manager properties that set them,
 * read through {@code Caching.getCachingProvider().getCacheManager(uri, classLoader, properties)}.
 */
final class TenantResolutionTest {
  private final CachingProvider provider = Caching.getCachingProvider();
  private final List<CacheManager> managers = new ArrayList<>();

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
  private static final class SettableResolver implements TenantResolver {
    final AtomicReference<Optional<String>> tenant = new AtomicReference<>(Optional.empty());
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Optional<String> currentTenant() {
      calls.incrementAndGet();
      return tenant.get();
    }
  }

  private static URI uniqueUri() {
    return URI.create("urn:tenantcache:resolution-" + UUID.randomUUID());
  }

  private TenantCacheManager manager(Properties properties) {
    CacheManager manager = provider.getCacheManager(uniqueUri(),
        TenantResolutionTest.class.getClassLoader(), properties);
    managers.add(manager);
    return manager.unwrap(TenantCacheManager.class);
  }

  private static Properties properties(Object... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  private static Cache<String, String> strings(CacheManager manager) {
    return manager.createCache("strings",
        TenantCacheConfiguration.builder(String.class, String.class).build());
  }

  private static Map<String, String> entriesOf(Cache<String, String> cache, String tenant) {
    return entries(admin(cache).forTenant(tenant));
  }

  // --- order: bind > resolver > policy ------------------------------------------------------

  @Test
  void explicitBinding_winsOverResolverInstance() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    Tenants.run("bound", () -> {
      assertThat(manager.currentTenant()).isEqualTo("bound");
      cache.put("k", "v");
    });

    assertThat(entriesOf(cache, "bound")).containsExactly(Map.entry("k", "v"));
    assertThat(entriesOf(cache, "resolved")).isEmpty();
    assertThat(admin(cache).tenants()).containsExactly("bound");
  }

  @Test
  void explicitBinding_doesNotConsultTheResolver() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    Tenants.run("bound", () -> {
      cache.put("k", "v");
      cache.get("k");
      cache.containsKey("k");
    });

    assertThat(resolver.calls).hasValue(0);
  }

  @Test
  void resolverInstance_answersWhenNothingIsBound() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    cache.put("k", "r1");

    assertThat(manager.currentTenant()).isEqualTo("resolved");
    assertThat(cache.get("k")).isEqualTo("r1");
    assertThat(entriesOf(cache, "resolved")).containsExactly(Map.entry("k", "r1"));
    assertThat(entriesOf(cache, Tenants.DEFAULT_TENANT)).isEmpty();
    assertThat(resolver.calls.get()).isPositive();
  }

  @Test
  void resolverInstance_isAskedOnEveryCall() {
    SettableResolver resolver = new SettableResolver();
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    resolver.tenant.set(Optional.of("first"));
    cache.put("k", "1");
    resolver.tenant.set(Optional.of("second"));
    cache.put("k", "2");

    assertThat(entriesOf(cache, "first")).containsExactly(Map.entry("k", "1"));
    assertThat(entriesOf(cache, "second")).containsExactly(Map.entry("k", "2"));
  }

  @Test
  void resolverByClassName_answersWhenNothingIsBound() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER,
        StaticResolver.class.getName()));
    Cache<String, String> cache = strings(manager);
    StaticResolver.TENANT.set(Optional.of("from-class"));

    cache.put("k", "v");
    Tenants.run("bound", () -> cache.put("k", "bound-v"));

    assertThat(manager.currentTenant()).isEqualTo("from-class");
    assertThat(entriesOf(cache, "from-class")).containsExactly(Map.entry("k", "v"));
    assertThat(entriesOf(cache, "bound")).containsExactly(Map.entry("k", "bound-v"));
    assertThat(StaticResolver.CALLS.get()).isPositive();
  }

  @Test
  void resolverByClassName_toleratesSurroundingWhitespace() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER,
        "  " + StaticResolver.class.getName() + " "));
    StaticResolver.TENANT.set(Optional.of("from-class"));

    assertThat(manager.currentTenant()).isEqualTo("from-class");
  }

  @Test
  void resolverWithNoAnswer_fallsBackToTheDefaultTenant() {
    SettableResolver resolver = new SettableResolver();
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    cache.put("k", "v");

    assertThat(manager.currentTenant()).isEqualTo(Tenants.DEFAULT_TENANT);
    assertThat(entriesOf(cache, Tenants.DEFAULT_TENANT)).containsExactly(Map.entry("k", "v"));
    assertThat(resolver.calls.get()).isPositive();
  }

  @Test
  void resolverAnsweringAnInvalidId_failsTheCallWithIllegalArgument() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("  "));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThat(admin(cache).tenants()).isEmpty();
  }

  @Test
  void resolvedTenant_isBoundForTheLoaderAndTheListeners() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(TenantCacheProperties.TENANT_RESOLVER, resolver));
    RecordingListener<String, String> listener = new RecordingListener<>();
    Cache<String, String> cache = manager.createCache("loading",
        TenantCacheConfiguration.builder(String.class, String.class)
            .readThrough(() -> new CacheLoader<String, String>() {
              @Override
              public String load(String key) {
                return Tenants.current().orElse("none") + ":" + key;
              }

              @Override
              public Map<String, String> loadAll(Iterable<? extends String> keys) {
                throw new UnsupportedOperationException();
              }
            })
            .addListener(listener.configuration(true))
            .build());

    assertThat(cache.get("k")).isEqualTo("resolved:k");
    cache.put("p", "v");

    assertThat(listener.events()).isNotEmpty().allSatisfy(seen -> {
      assertThat(seen.eventTenant()).isEqualTo("resolved");
      assertThat(seen.boundTenant()).contains("resolved");
    });
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void configuredDefaultTenant_isBoundForTheListeners() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.DEFAULT_TENANT, "shared"));
    RecordingListener<String, String> listener = new RecordingListener<>();
    Cache<String, String> cache = manager.createCache("listened",
        TenantCacheConfiguration.builder(String.class, String.class)
            .addListener(listener.configuration(true))
            .build());

    cache.put("k", "v");

    assertThat(listener.events()).singleElement().satisfies(seen -> {
      assertThat(seen.eventTenant()).isEqualTo("shared");
      assertThat(seen.boundTenant()).contains("shared");
    });
  }

  // --- missing-tenant policy ----------------------------------------------------------------

  @Test
  void defaultPolicy_isTheDefault_andUsesTheDefaultTenant() {
    TenantCacheManager manager = manager(new Properties());
    Cache<String, String> cache = strings(manager);

    cache.put("k", "v");

    assertThat(manager.currentTenant()).isEqualTo(Tenants.DEFAULT_TENANT);
    assertThat(admin(cache).tenants()).containsExactly(Tenants.DEFAULT_TENANT);
  }

  @Test
  void defaultPolicy_withConfiguredDefaultId_usesThatTenant() {
    TenantCacheManager manager = manager(properties(
        TenantCacheProperties.MISSING_TENANT, "default",
        TenantCacheProperties.DEFAULT_TENANT, "shared"));
    Cache<String, String> cache = strings(manager);

    cache.put("k", "unbound");
    Tenants.run("acme", () -> cache.put("k", "acme"));

    assertThat(manager.currentTenant()).isEqualTo("shared");
    assertThat(cache.get("k")).isEqualTo("unbound");
    assertThat(entriesOf(cache, "shared")).containsExactly(Map.entry("k", "unbound"));
    assertThat(entriesOf(cache, Tenants.DEFAULT_TENANT)).isEmpty();
    assertThat(admin(cache).tenants()).containsExactlyInAnyOrder("shared", "acme");
  }

  @Test
  void rejectPolicy_unboundCall_throwsIllegalStateThatSaysHowToBind() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.MISSING_TENANT, "reject"));
    Cache<String, String> cache = strings(manager);

    assertThatThrownBy(() -> cache.put("k", "v"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Tenants.bind")
        .hasMessageContaining(TenantCacheProperties.TENANT_RESOLVER);
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(manager::currentTenant).isInstanceOf(IllegalStateException.class);
    assertThat(admin(cache).tenants()).isEmpty();
  }

  @Test
  void rejectPolicy_acceptsBoundCallsAndAdminViews() {
    TenantCacheManager manager = manager(properties(TenantCacheProperties.MISSING_TENANT, "reject"));
    Cache<String, String> cache = strings(manager);

    Tenants.run("acme", () -> cache.put("k", "v"));
    admin(cache).forTenant("globex").put("k", "g");

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("v");
    assertThat(admin(cache).forTenant("globex").get("k")).isEqualTo("g");
  }

  @Test
  void rejectPolicy_resolverAnswer_isUsed() {
    SettableResolver resolver = new SettableResolver();
    resolver.tenant.set(Optional.of("resolved"));
    TenantCacheManager manager = manager(properties(
        TenantCacheProperties.MISSING_TENANT, "reject",
        TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    cache.put("k", "v");

    assertThat(entriesOf(cache, "resolved")).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void rejectPolicy_resolverWithNoAnswer_throwsIllegalState() {
    SettableResolver resolver = new SettableResolver();
    TenantCacheManager manager = manager(properties(
        TenantCacheProperties.MISSING_TENANT, "reject",
        TenantCacheProperties.TENANT_RESOLVER, resolver));
    Cache<String, String> cache = strings(manager);

    assertThatThrownBy(() -> cache.put("k", "v"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Tenants.bind");
  }

  @Test
  void rejectPolicy_acceptsEnumValueAndAnyCase() {
    TenantCacheManager fromEnum =
        manager(properties(TenantCacheProperties.MISSING_TENANT, MissingTenantPolicy.REJECT));
    TenantCacheManager fromWord =
        manager(properties(TenantCacheProperties.MISSING_TENANT, " Reject "));

    assertThatThrownBy(fromEnum::currentTenant).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(fromWord::currentTenant).isInstanceOf(IllegalStateException.class);
  }

  // --- bad property values fail at getCacheManager ------------------------------------------

  private void assertGetCacheManagerFails(Properties properties, String property) {
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

  @ParameterizedTest
  @ValueSource(strings = {"ignore", "", "defaults", "none"})
  void unknownMissingTenantPolicy_failsNamingTheProperty(String word) {
    assertGetCacheManagerFails(properties(TenantCacheProperties.MISSING_TENANT, word),
        TenantCacheProperties.MISSING_TENANT);
  }

  @Test
  void unknownMissingTenantPolicy_messageListsTheAllowedWords() {
    assertThatThrownBy(() -> manager(properties(TenantCacheProperties.MISSING_TENANT, "ignore")))
        .hasMessageContaining("ignore").hasMessageContaining("default")
        .hasMessageContaining("reject");
  }

  @Test
  void resolverClassThatDoesNotExist_failsNamingTheProperty() {
    assertGetCacheManagerFails(
        properties(TenantCacheProperties.TENANT_RESOLVER, "io.tenantcache.NoSuchResolver"),
        TenantCacheProperties.TENANT_RESOLVER);
  }

  @Test
  void resolverClassNotImplementingTenantResolver_failsNamingTheProperty() {
    assertGetCacheManagerFails(
        properties(TenantCacheProperties.TENANT_RESOLVER, NotAResolver.class.getName()),
        TenantCacheProperties.TENANT_RESOLVER);
    assertThatThrownBy(() -> manager(
        properties(TenantCacheProperties.TENANT_RESOLVER, NotAResolver.class.getName())))
        .hasMessageContaining(NotAResolver.class.getName())
        .hasMessageContaining(TenantResolver.class.getName());
  }

  @Test
  void resolverClassWithoutNoArgConstructor_failsNamingTheProperty() {
    assertGetCacheManagerFails(properties(TenantCacheProperties.TENANT_RESOLVER,
        ResolverWithoutNoArgConstructor.class.getName()), TenantCacheProperties.TENANT_RESOLVER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "tab\there", "line\nbreak"})
  void invalidDefaultTenantId_failsNamingTheProperty(String id) {
    assertGetCacheManagerFails(properties(TenantCacheProperties.DEFAULT_TENANT, id),
        TenantCacheProperties.DEFAULT_TENANT);
  }

  @Test
  void oversizedDefaultTenantId_failsNamingTheProperty() {
    assertGetCacheManagerFails(
        properties(TenantCacheProperties.DEFAULT_TENANT, "x".repeat(Tenants.MAX_ID_LENGTH + 1)),
        TenantCacheProperties.DEFAULT_TENANT);
  }
}
