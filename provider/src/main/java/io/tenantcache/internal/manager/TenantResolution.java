package io.tenantcache.internal.manager;

import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import io.tenantcache.Tenants;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A cache manager's answer to "which tenant is this call for?": the tenant bound with {@link
 * Tenants#bind}, else its {@link TenantResolver}'s answer, else its {@link MissingTenantPolicy}.
 */
final class TenantResolution implements Supplier<String> {
  private final String managerName;
  private final @Nullable TenantResolver resolver;
  private final MissingTenantPolicy policy;
  private final String defaultTenant;

  TenantResolution(String managerName, @Nullable TenantResolver resolver,
      MissingTenantPolicy policy, String defaultTenant) {
    this.managerName = managerName;
    this.resolver = resolver;
    this.policy = policy;
    this.defaultTenant = Tenants.validate(defaultTenant);
  }

  /** Reads the tenancy settings of a cache manager from its properties. */
  static TenantResolution from(String managerName, Properties properties, ClassLoader classLoader) {
    TenantResolver resolver = resolver(properties.get(TenantCacheProperties.TENANT_RESOLVER),
        classLoader);
    Object policyValue = properties.getOrDefault(TenantCacheProperties.MISSING_TENANT, "default");
    MissingTenantPolicy policy;
    if (policyValue instanceof MissingTenantPolicy) {
      policy = (MissingTenantPolicy) policyValue;
    } else {
      try {
        policy = MissingTenantPolicy.valueOf(policyValue.toString().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(TenantCacheProperties.MISSING_TENANT + " is '" + policyValue
            + "'; allowed: default, reject", e);
      }
    }
    Object defaultTenant =
        properties.getOrDefault(TenantCacheProperties.DEFAULT_TENANT, Tenants.DEFAULT_TENANT);
    try {
      return new TenantResolution(managerName, resolver, policy, defaultTenant.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(TenantCacheProperties.DEFAULT_TENANT + " is not a valid "
          + "tenant id: " + e.getMessage(), e);
    }
  }

  private static @Nullable TenantResolver resolver(@Nullable Object value, ClassLoader classLoader) {
    if (value == null || value instanceof TenantResolver) {
      return (TenantResolver) value;
    }
    String className = value.toString().trim();
    try {
      Class<?> type = Class.forName(className, true, classLoader);
      if (!TenantResolver.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(TenantCacheProperties.TENANT_RESOLVER + " names "
            + className + ", which does not implement " + TenantResolver.class.getName());
      }
      return (TenantResolver) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException(TenantCacheProperties.TENANT_RESOLVER + " names "
          + className + ", which cannot be loaded and instantiated (it needs a public no-argument "
          + "constructor): " + e, e);
    }
  }

  @Override
  public String get() {
    String bound = Tenants.currentOrNull();
    if (bound != null) {
      return bound;
    }
    return (resolver == null && policy != MissingTenantPolicy.REJECT) ? defaultTenant : unbound();
  }

  /** The tenant of a call with none bound: the resolver's, else the missing-tenant policy's. */
  private String unbound() {
    if (resolver != null) {
      Optional<String> resolved = resolver.currentTenant();
      if (resolved != null && resolved.isPresent()) {
        return Tenants.validate(resolved.get());
      }
    }
    if (policy == MissingTenantPolicy.REJECT) {
      throw new IllegalStateException("no tenant for this cache call (CacheManager '" + managerName
          + "' rejects calls without one): bind one with Tenants.bind(id) or Tenants.run(id, task), "
          + "or configure a TenantResolver under " + TenantCacheProperties.TENANT_RESOLVER);
    }
    return defaultTenant;
  }

  String defaultTenant() {
    return defaultTenant;
  }
}
