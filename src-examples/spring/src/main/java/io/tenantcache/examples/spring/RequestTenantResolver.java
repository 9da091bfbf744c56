package io.tenantcache.examples.spring;

import io.tenantcache.TenantResolver;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Tells TenantCache the tenant of the current web request: the request attribute {@value
 * #TENANT_ATTRIBUTE}, read through Spring's {@link RequestContextHolder} (which Spring MVC's
 * {@code DispatcherServlet} or a {@code RequestContextFilter} fills for each request). Set the
 * attribute where the request is authenticated; {@link TenantHeaderFilter} is a simple stand-in.
 * Outside a request it answers nothing, and the manager's missing-tenant policy applies.
 */
public final class RequestTenantResolver implements TenantResolver {
  /** The request attribute that holds the tenant id. */
  public static final String TENANT_ATTRIBUTE = "io.tenantcache.tenant";

  @Override
  public Optional<String> currentTenant() {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return Optional.empty();
    }
    Object tenant = request.getAttribute(TENANT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    return (tenant instanceof String id) ? Optional.of(id) : Optional.empty();
  }
}
