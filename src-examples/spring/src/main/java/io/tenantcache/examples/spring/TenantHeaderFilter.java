package io.tenantcache.examples.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the tenant of each request into the request attribute that {@link RequestTenantResolver}
 * reads, from the {@value #TENANT_HEADER} header. A stand-in: a real service takes the tenant from
 * what authenticated the request (a token claim, the host name), never from a header the client
 * chooses freely.
 */
public final class TenantHeaderFilter extends OncePerRequestFilter {
  /** The header that names the tenant. */
  public static final String TENANT_HEADER = "X-Tenant";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String tenant = request.getHeader(TENANT_HEADER);
    if (tenant != null && !tenant.isBlank()) {
      request.setAttribute(RequestTenantResolver.TENANT_ATTRIBUTE, tenant.strip());
    }
    chain.doFilter(request, response);
  }
}
