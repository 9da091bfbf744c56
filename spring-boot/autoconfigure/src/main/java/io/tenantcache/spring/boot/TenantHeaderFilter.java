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
 * Binds the tenant named by a request header ({@code tenantcache.tenancy.header}) with {@link
 * Tenants#bind} for the rest of the request's filter chain on its thread, so that every cache call
 * the request makes acts for that tenant.
 *
 * <ul>
 *   <li>A header value that is not a valid tenant id (see {@link Tenants#validate}): HTTP 400,
 *       the chain does not run.
 *   <li>No header: under {@code missing-tenant = reject}, HTTP 400 (rather than a 500 from the
 *       first cache call); under {@code default}, the chain runs with no tenant bound (the cache
 *       manager's resolver or default tenant then answers).
 * </ul>
 *
 * <p>Ordered at {@value #ORDER}: after Spring Security's filter chain (-100), before filters at
 * the default order.
 */
public final class TenantHeaderFilter extends OncePerRequestFilter implements Ordered {
  /** The filter's order. */
  public static final int ORDER = -50;

  private final String header;
  private final MissingTenantPolicy missingTenant;

  /** Creates a filter that reads {@code header} and applies {@code missingTenant} without it. */
  public TenantHeaderFilter(String header, MissingTenantPolicy missingTenant) {
    this.header = requireNonNull(header, "header");
    this.missingTenant = requireNonNull(missingTenant, "missingTenant");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String tenant = request.getHeader(header);
    if (tenant == null) {
      if (missingTenant == MissingTenantPolicy.REJECT) {
        badRequest(response, "header " + header + " is missing; send the tenant id in it");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    Tenants.Scope scope;
    try {
      scope = Tenants.bind(tenant);
    } catch (IllegalArgumentException e) {
      badRequest(response, "header " + header + ": " + e.getMessage());
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
