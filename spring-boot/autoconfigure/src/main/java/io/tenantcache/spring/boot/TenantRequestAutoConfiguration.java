package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.spi.TenantCachingProvider;
import java.util.Locale;
import javax.cache.Caching;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Hooks;

/**
 * Auto-configuration of the filters that bind a request's tenant beyond the servlet header
 * filter of {@link TenantCacheAutoConfiguration}: in a servlet application with {@code
 * tenantcache.tenancy.jwt-claim}, the {@link TenantJwtClaimFilter}; in a WebFlux application with
 * {@code tenantcache.tenancy.header} or {@code jwt-claim}, a {@link TenantWebFilter}, with
 * Reactor's automatic context propagation switched on so that the tenant reaches the threads that
 * call the cache. A {@code jwt-claim} without Spring Security's resource server on the class path
 * fails start-up.
 */
@AutoConfiguration(after = TenantCacheAutoConfiguration.class)
@ConditionalOnClass({Caching.class, TenantCachingProvider.class})
@EnableConfigurationProperties(TenantCacheBootProperties.class)
public class TenantRequestAutoConfiguration {
  static final String HEADER = TenantCacheBootProperties.PREFIX + ".tenancy.header";
  static final String JWT_CLAIM = TenantCacheBootProperties.PREFIX + ".tenancy.jwt-claim";
  static final String JWT_AUTHENTICATION_TOKEN =
      "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken";
  static final String REACTOR_PROPAGATION = "spring.reactor.context-propagation";

  /** The claim filter of a servlet application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = {"org.springframework.web.filter.OncePerRequestFilter",
      JWT_AUTHENTICATION_TOKEN})
  @ConditionalOnProperty(JWT_CLAIM)
  static class ServletJwtClaimConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TenantJwtClaimFilter tenantJwtClaimFilter(TenantCacheBootProperties properties) {
      TenantCacheBootProperties.Tenancy tenancy = properties.tenancy();
      return new TenantJwtClaimFilter(requireNonNull(tenancy.jwtClaim(), JWT_CLAIM),
          tenancy.missingTenant());
    }
  }

  /** The tenant filter of a WebFlux application, from the header. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = {"org.springframework.web.server.WebFilter",
      "reactor.core.publisher.Hooks"})
  @ConditionalOnProperty(HEADER)
  static class ReactiveHeaderConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TenantWebFilter tenantWebFilter(TenantCacheBootProperties properties,
        Environment environment) {
      propagateAutomatically(HEADER, environment);
      TenantCacheBootProperties.Tenancy tenancy = properties.tenancy();
      return TenantWebFilter.fromHeader(requireNonNull(tenancy.header(), HEADER),
          tenancy.missingTenant());
    }
  }

  /** The tenant filter of a WebFlux application, from the claim. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = {"org.springframework.web.server.WebFilter",
      "reactor.core.publisher.Hooks", JWT_AUTHENTICATION_TOKEN})
  @ConditionalOnProperty(JWT_CLAIM)
  static class ReactiveJwtClaimConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TenantWebFilter tenantWebFilter(TenantCacheBootProperties properties,
        Environment environment) {
      propagateAutomatically(JWT_CLAIM, environment);
      TenantCacheBootProperties.Tenancy tenancy = properties.tenancy();
      return TenantWebFilter.fromJwtClaim(requireNonNull(tenancy.jwtClaim(), JWT_CLAIM),
          tenancy.missingTenant());
    }
  }

  /** A claim without Spring Security's resource server: nothing could read it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(JWT_CLAIM)
  @ConditionalOnMissingClass(JWT_AUTHENTICATION_TOKEN)
  static class JwtClaimWithoutResourceServerConfiguration {
    JwtClaimWithoutResourceServerConfiguration() {
      throw new IllegalStateException(JWT_CLAIM + " is set, but Spring Security's resource server "
          + "(JwtAuthenticationToken) is not on the class path; add "
          + "spring-boot-starter-security-oauth2-resource-server, or unset " + JWT_CLAIM);
    }
  }

  /**
   * Switches Reactor's automatic context propagation on (what {@code
   * spring.reactor.context-propagation=auto} does): without it the tenant in a request's Reactor
   * context is bound on no thread, and the cache calls would act for no tenant or the default one.
   *
   * @throws IllegalStateException naming both properties if the application chose another mode,
   *     or naming the missing library
   */
  static void propagateAutomatically(String tenantProperty, Environment environment) {
    String mode = environment.getProperty(REACTOR_PROPAGATION);
    if (mode != null && !mode.trim().toLowerCase(Locale.ROOT).equals("auto")) {
      throw new IllegalStateException(tenantProperty + " binds the tenant through Reactor's "
          + "automatic context propagation, but " + REACTOR_PROPAGATION + " is '" + mode
          + "'; set it to auto or leave it unset");
    }
    if (!ClassUtils.isPresent("io.micrometer.context.ContextRegistry",
        TenantRequestAutoConfiguration.class.getClassLoader())) {
      throw new IllegalStateException(tenantProperty + " in a WebFlux application needs "
          + "io.micrometer:context-propagation on the class path (the starter brings it)");
    }
    Hooks.enableAutomaticContextPropagation();
  }
}
