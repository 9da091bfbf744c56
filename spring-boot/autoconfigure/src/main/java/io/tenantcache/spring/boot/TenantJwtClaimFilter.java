package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

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
public final class TenantJwtClaimFilter extends OncePerRequestFilter implements Ordered {
  /** The filter's order. */
  public static final int ORDER = -50;

  private final String claim;
  private final MissingTenantPolicy missingTenant;

  /** Creates a filter that reads {@code claim} and applies {@code missingTenant} without it. */
  public TenantJwtClaimFilter(String claim, MissingTenantPolicy missingTenant) {
    this.claim = requireNonNull(claim, "claim");
    this.missingTenant = requireNonNull(missingTenant, "missingTenant");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String tenant = JwtClaimTenants.servletTenant(claim);
    if (tenant == null) {
      if (missingTenant == MissingTenantPolicy.REJECT) {
        badRequest(response, "JWT claim " + claim
            + " is missing; the request's token must carry the tenant id in it");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    Tenants.Scope scope;
    try {
      scope = Tenants.bind(tenant);
    } catch (IllegalArgumentException e) {
      badRequest(response, "JWT claim " + claim + ": " + e.getMessage());
      return;
    }
    try (scope) {
      chain.doFilter(request, response);
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  private static void badRequest(HttpServletResponse response, String message) throws IOException {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    response.setContentType("text/plain");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(message);
  }
}
