package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Binds the tenant named by a claim ({@code tenantcache.tenancy.jwt-claim}) of the request's JWT,
 * as Spring Security's resource server authenticated it ({@code JwtAuthenticationToken}), with
 * {@link Tenants#bind} for the rest of the request's filter chain on its thread.
 *
 * <ul>
 *   <li>A claim that is not a valid tenant id (see {@link Tenants#validate}): HTTP 400 naming
 *       the claim; the chain does not run.
 *   <li>No such claim, or no JWT (a request Spring Security let through unauthenticated): under
 *       {@code missing-tenant = reject}, HTTP 400; under {@code default}, the chain runs with no
 *       tenant bound.
 * </ul>
 *
 * <p>Ordered at {@value #ORDER}: after Spring Security's filter chain (-100), which authenticates
 * the request.
 */
public final class TenantJwtClaimFilter extends TenantBindingFilter {
  /** The filter's order. */
  public static final int ORDER = TenantBindingFilter.ORDER;

  private final String claim;

  /** Creates a filter that reads {@code claim} and applies {@code missingTenant} without it. */
  public TenantJwtClaimFilter(String claim, MissingTenantPolicy missingTenant) {
    super(missingTenant);
    this.claim = requireNonNull(claim, "claim");
  }

  @Override
  @Nullable String tenantOf(HttpServletRequest request) {
    return JwtClaimTenants.servletTenant(claim);
  }

  @Override
  String source() {
    return "JWT claim " + claim;
  }

  @Override
  String missingAdvice() {
    return "the request's token must carry the tenant id in it";
  }
}
