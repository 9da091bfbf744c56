package io.tenantcache;

import java.util.Optional;

/**
 * Tells the tenant of the current call when none is bound with {@link Tenants#bind}: for example
 * from the web request, the security context or a message header. Configured per cache manager,
 * by class name or instance under {@link TenantCacheProperties#TENANT_RESOLVER}.
 *
 * <p>Called on the calling thread of every cache operation that has no bound tenant, so it must be
 * fast and thread-safe. A class named in properties needs a public no-argument constructor.
 */
@FunctionalInterface
public interface TenantResolver {
  /**
   * Returns the current tenant, or empty when this resolver cannot tell (then the manager's
   * {@link MissingTenantPolicy} applies). A returned id must be valid (see {@link Tenants}).
   */
  Optional<String> currentTenant();
}
