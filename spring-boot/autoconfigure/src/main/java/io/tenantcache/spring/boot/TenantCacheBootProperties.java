package io.tenantcache.spring.boot;

import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code tenantcache.*} properties of a Spring Boot application, bound and checked at start:
 * a bad value fails start-up with the property named.
 *
 * @param tenancy where a call's tenant comes from, and what happens when there is none
 * @param metrics TenantCache's meters in the application's MeterRegistry
 */
@ConfigurationProperties(TenantCacheBootProperties.PREFIX)
public record TenantCacheBootProperties(@DefaultValue Tenancy tenancy,
    @DefaultValue @NestedConfigurationProperty TenantCacheMetricsProperties metrics) {
  /** The prefix of every property here. */
  public static final String PREFIX = "tenantcache";

  /**
   * Tenancy: {@code tenantcache.tenancy.*}.
   *
   * @param header HTTP request header that carries the tenant id, e.g. X-Tenant. When set, a
   *     servlet filter or a WebFlux WebFilter binds the tenant it names for each request; unset,
   *     there is no filter. Not together with jwt-claim.
   * @param missingTenant what a cache call without a tenant does: 'default' acts for the default
   *     tenant, 'reject' fails it (and a request without the tenant header or claim gets HTTP 400)
   * @param defaultTenant tenant of the cache calls that have none, under missing-tenant=default
   * @param jwtClaim claim of the request's JWT that carries the tenant id, e.g. tenant_id (Spring
   *     Security's resource server authenticates the request). When set, a servlet filter or a
   *     WebFlux WebFilter binds that claim's tenant for each request. Not together with header.
   * @param resolver class name of an io.tenantcache.TenantResolver (public no-argument
   *     constructor) asked when no tenant is bound; a TenantResolver bean wins over it
   */
  public record Tenancy(
      @Nullable String header,
      @DefaultValue("default") MissingTenantPolicy missingTenant,
      @DefaultValue(Tenants.DEFAULT_TENANT) String defaultTenant,
      @Nullable String jwtClaim,
      @Nullable String resolver) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the property whose value is not acceptable
     */
    public Tenancy {
      if (header != null && (header.isBlank() || !isToken(header))) {
        throw new IllegalArgumentException(PREFIX + ".tenancy.header is '" + header
            + "'; give an HTTP header name such as X-Tenant, or leave it unset for no filter");
      }
      if (jwtClaim != null && (jwtClaim.isBlank() || !isClaimName(jwtClaim))) {
        throw new IllegalArgumentException(PREFIX + ".tenancy.jwt-claim is '" + jwtClaim
            + "'; give a claim name such as tenant_id (no spaces or control characters), or "
            + "leave it unset");
      }
      if (header != null && jwtClaim != null) {
        // A header must not name a tenant that the token does not vouch for, nor stand in for a
        // token that names none: one source per application.
        throw new IllegalArgumentException(PREFIX + ".tenancy.header and " + PREFIX
            + ".tenancy.jwt-claim are both set; the tenant comes from one of them: keep "
            + "jwt-claim for authenticated requests, or header, not both");
      }
      try {
        Tenants.validate(defaultTenant);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PREFIX
            + ".tenancy.default-tenant is not a valid tenant id: " + e.getMessage(), e);
      }
    }

    private static boolean isClaimName(String name) {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (Character.isWhitespace(c) || Character.isISOControl(c)) {
          return false;
        }
      }
      return true;
    }

    private static boolean isToken(String name) {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean tokenChar = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
            || (c >= 'a' && c <= 'z') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!tokenChar) {
          return false;
        }
      }
      return true;
    }
  }
}
