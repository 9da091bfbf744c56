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
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A servlet filter that binds the tenant a request carries ({@link #tenantOf}) with {@link
 * Tenants#bind} for the rest of its filter chain on its thread: an id that is not a valid tenant
 * id is HTTP 400 naming where it came from, and so is a request without one under {@code
 * missing-tenant = reject} (rather than a 500 from the first cache call); under {@code default}
 * such a request's chain runs with no tenant bound. Ordered at {@value #ORDER}: after Spring
 * Security's filter chain (-100), before filters at the default order.
 */
abstract class TenantBindingFilter extends OncePerRequestFilter implements Ordered {
  /** The filters' order. */
  static final int ORDER = -50;

  private final MissingTenantPolicy missingTenant;

  TenantBindingFilter(MissingTenantPolicy missingTenant) {
    this.missingTenant = requireNonNull(missingTenant, "missingTenant");
  }

  /** Returns the tenant id {@code request} carries, or null if it carries none. */
  abstract @Nullable String tenantOf(HttpServletRequest request);

  /** Names where the tenant comes from, for the 400s (e.g. {@code header X-Tenant}). */
  abstract String source();

  /** Says what a request without a tenant lacks, after {@link #source()} "is missing; ". */
  abstract String missingAdvice();

  @Override
  protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String tenant = tenantOf(request);
    if (tenant == null) {
      if (missingTenant == MissingTenantPolicy.REJECT) {
        badRequest(response, source() + " is missing; " + missingAdvice());
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    Tenants.Scope scope;
    try {
      scope = Tenants.bind(tenant);
    } catch (IllegalArgumentException e) {
      badRequest(response, source() + ": " + e.getMessage());
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
