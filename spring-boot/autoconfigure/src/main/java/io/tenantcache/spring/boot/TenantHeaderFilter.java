package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

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
public final class TenantHeaderFilter extends TenantBindingFilter {
  /** The filter's order. */
  public static final int ORDER = TenantBindingFilter.ORDER;

  private final String header;

  /** Creates a filter that reads {@code header} and applies {@code missingTenant} without it. */
  public TenantHeaderFilter(String header, MissingTenantPolicy missingTenant) {
    super(missingTenant);
    this.header = requireNonNull(header, "header");
  }

  @Override
  @Nullable String tenantOf(HttpServletRequest request) {
    return request.getHeader(header);
  }

  @Override
  String source() {
    return "header " + header;
  }

  @Override
  String missingAdvice() {
    return "send the tenant id in it";
  }
}
