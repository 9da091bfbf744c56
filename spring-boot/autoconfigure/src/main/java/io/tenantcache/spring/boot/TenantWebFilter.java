package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.TenantThreadLocalAccessor;
import io.tenantcache.Tenants;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Binds the tenant of a WebFlux request (from a header, or from a claim of its JWT) for the rest
 * of the request's filter chain: the tenant is written into the chain's Reactor {@code Context}
 * under {@link TenantThreadLocalAccessor#KEY}, and Reactor's automatic context propagation
 * (switched on by the auto-configuration) binds it, through that context-propagation accessor,
 * on every thread the request's operators run on, so that the cache calls they make act for it.
 *
 * <ul>
 *   <li>A value that is not a valid tenant id (see {@link Tenants#validate}): HTTP 400 naming
 *       where the tenant comes from; the chain does not run.
 *   <li>No tenant: under {@code missing-tenant = reject}, HTTP 400 (rather than a 500 from the
 *       first cache call); under {@code default}, the chain runs with no tenant bound.
 * </ul>
 *
 * <p>Ordered at {@value #ORDER}: after Spring Security's {@code WebFilterChainProxy} (-100), so
 * that the request is authenticated when a claim is read.
 */
public final class TenantWebFilter implements WebFilter, Ordered {
  /** The filter's order. */
  public static final int ORDER = TenantBindingFilter.ORDER;

  private final String source;
  private final Function<ServerWebExchange, Mono<String>> tenantOf;
  private final MissingTenantPolicy missingTenant;

  /**
   * Creates a filter that finds a request's tenant with {@code tenantOf} (an empty {@code Mono}
   * for none).
   *
   * @param source where the tenant comes from, for the 400 responses, e.g. "header X-Tenant"
   */
  public TenantWebFilter(String source, Function<ServerWebExchange, Mono<String>> tenantOf,
      MissingTenantPolicy missingTenant) {
    this.source = requireNonNull(source, "source");
    this.tenantOf = requireNonNull(tenantOf, "tenantOf");
    this.missingTenant = requireNonNull(missingTenant, "missingTenant");
  }

  /** Returns a filter that takes the tenant from the request header {@code header}. */
  public static TenantWebFilter fromHeader(String header, MissingTenantPolicy missingTenant) {
    requireNonNull(header, "header");
    return new TenantWebFilter("header " + header, exchange ->
        Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(header)), missingTenant);
  }

  /**
   * Returns a filter that takes the tenant from the claim {@code claim} of the request's {@code
   * JwtAuthenticationToken} (Spring Security's resource server must be on the class path).
   */
  public static TenantWebFilter fromJwtClaim(String claim, MissingTenantPolicy missingTenant) {
    requireNonNull(claim, "claim");
    return new TenantWebFilter("JWT claim " + claim,
        exchange -> JwtClaimTenants.reactiveTenant(claim), missingTenant);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return tenantOf.apply(exchange).map(Optional::of).defaultIfEmpty(Optional.empty())
        .flatMap(tenant -> {
          if (tenant.isEmpty()) {
            if (missingTenant == MissingTenantPolicy.REJECT) {
              return badRequest(exchange, source + " is missing; send the tenant id in it");
            }
            return chain.filter(exchange);
          }
          String id;
          try {
            id = Tenants.validate(tenant.get());
          } catch (IllegalArgumentException e) {
            return badRequest(exchange, source + ": " + e.getMessage());
          }
          return chain.filter(exchange)
              .contextWrite(context -> context.put(TenantThreadLocalAccessor.KEY, id));
        });
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  private static Mono<Void> badRequest(ServerWebExchange exchange, String message) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.BAD_REQUEST);
    response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN,
        StandardCharsets.UTF_8));
    DataBuffer body = response.bufferFactory().wrap(message.getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(body));
  }
}
