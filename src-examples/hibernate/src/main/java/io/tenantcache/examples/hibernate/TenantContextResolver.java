package io.tenantcache.examples.hibernate;

import io.tenantcache.TenantResolver;
import java.util.Optional;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * One answer to "which tenant?" for both Hibernate and TenantCache: Hibernate opens each session
 * for this tenant (and so connects to its database), and TenantCache puts the second-level cache
 * entries of that session under the same tenant. Named as the resolver in
 * hibernate-tenantcache.conf, and as {@code hibernate.tenant_identifier_resolver}.
 */
public final class TenantContextResolver
    implements CurrentTenantIdentifierResolver<String>, TenantResolver {

  /** Hibernate: the tenant of a new session; there must be one. */
  @Override
  public String resolveCurrentTenantIdentifier() {
    return TenantContext.current().orElseThrow(() -> new IllegalStateException(
        "no tenant for this Hibernate session: open it inside TenantContext.run(tenant, ...)"));
  }

  /** Hibernate: a current session opened for one tenant is not reused for another. */
  @Override
  public boolean validateExistingCurrentSessions() {
    return true;
  }

  /** TenantCache: the tenant of a cache call. */
  @Override
  public Optional<String> currentTenant() {
    return TenantContext.current();
  }
}
