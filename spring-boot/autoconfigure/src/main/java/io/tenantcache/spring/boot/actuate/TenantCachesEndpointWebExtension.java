package io.tenantcache.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import io.tenantcache.spring.boot.actuate.TenantCacheDescriptors.Problem;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP statuses of the {@link TenantCachesEndpoint}: 400 with the reason for a tenant id that
 * is not valid, 404 for a cache the manager does not have, 204 after an eviction. A body that is
 * not a success is a {@link Problem}: Boot's error page would drop its message by default.
 * (Each operation here answers JSON, as the endpoint's own do, so that it replaces the endpoint's
 * operation over HTTP instead of standing next to it.)
 */
@EndpointWebExtension(endpoint = TenantCachesEndpoint.class)
public class TenantCachesEndpointWebExtension {
  private final TenantCachesEndpoint endpoint;

  /**
   * Creates the extension of {@code endpoint}.
   *
   * @throws NullPointerException if {@code endpoint} is null
   */
  public TenantCachesEndpointWebExtension(TenantCachesEndpoint endpoint) {
    this.endpoint = requireNonNull(endpoint, "endpoint");
  }

  /** {@code GET /tenantcaches/{tenant}}: 200 with its figures in every cache, or 400. */
  @ReadOperation
  public WebEndpointResponse<Object> tenant(@Selector String tenant) {
    return answer(() -> new WebEndpointResponse<>(endpoint.tenant(tenant)));
  }

  /** {@code DELETE /tenantcaches/{tenant}}: 204 once evicted from every cache, or 400. */
  @DeleteOperation
  public WebEndpointResponse<Object> evictTenant(@Selector String tenant) {
    return answer(() -> {
      endpoint.evictTenant(tenant);
      return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
    });
  }

  /** {@code DELETE /tenantcaches/{tenant}/{cache}}: 204 once cleared, 404 or 400. */
  @DeleteOperation
  public WebEndpointResponse<Object> clearTenant(@Selector String tenant,
      @Selector String cache) {
    return answer(() -> {
      if (endpoint.clearTenant(tenant, cache)) {
        return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
      }
      return new WebEndpointResponse<>(new Problem("no cache named '" + cache + "'; the caches "
          + "are " + endpoint.sortedCacheNames()), WebEndpointResponse.STATUS_NOT_FOUND);
    });
  }

  private static WebEndpointResponse<Object> answer(Supplier<WebEndpointResponse<Object>> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      // Tenants.validate's reason ("tenant id is 300 characters long; ..."): names no value.
      return new WebEndpointResponse<>(new Problem(String.valueOf(e.getMessage())),
          WebEndpointResponse.STATUS_BAD_REQUEST);
    }
  }
}
