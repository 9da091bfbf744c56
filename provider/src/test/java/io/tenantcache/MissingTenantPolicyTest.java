package io.tenantcache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The missing-tenant policy ({@code default} or {@code reject}) for calls with no tenant bound or
 * resolved, and the manager properties of tenancy that fail {@code getCacheManager} naming the
 * property: an unknown policy, a resolver class that cannot be used, a bad default tenant id.
 */
final class MissingTenantPolicyTest extends TenantResolutionSupport {

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
