package io.tenantcache.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * The tenant named by a claim of the authenticated request's JWT ({@code JwtAuthenticationToken},
 * Spring Security's resource server). Kept apart from the filters so that they load without
 * Spring Security on the class path. A claim that is not a string is taken as its text.
 */
final class JwtClaimTenants {
  private JwtClaimTenants() {}

  /** The claim of the current servlet request's token, or null (no JWT, or no such claim). */
  static @Nullable String servletTenant(String claim) {
    return claimOf(SecurityContextHolder.getContext().getAuthentication(), claim);
  }

  /** The claim of the WebFlux request's token (from Reactor's context), or empty. */
  static Mono<String> reactiveTenant(String claim) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(SecurityContext::getAuthentication)
        .mapNotNull(authentication -> claimOf(authentication, claim));
  }

  private static @Nullable String claimOf(@Nullable Authentication authentication, String claim) {
    if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
      return token.getToken().getClaimAsString(claim);
    }
    return null;
  }
}
