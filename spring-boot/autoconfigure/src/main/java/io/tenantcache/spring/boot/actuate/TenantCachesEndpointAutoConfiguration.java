package io.tenantcache.spring.boot.actuate;

import io.tenantcache.TenantCacheManager;
import io.tenantcache.spring.boot.TenantCacheAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tenantcaches} endpoint ({@link TenantCachesEndpoint}) over the application's
 * TenantCache JCache manager, where Actuator is on the class path and the endpoint is available
 * (enabled and exposed: {@code management.endpoints.web.exposure.include=tenantcaches}).
 */
@AutoConfiguration(after = TenantCacheAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, TenantCacheManager.class})
@ConditionalOnSingleCandidate(javax.cache.CacheManager.class)
public class TenantCachesEndpointAutoConfiguration {
  /**
   * The endpoint.
   *
   * @throws IllegalStateException if the JCache manager is not TenantCache's
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  public TenantCachesEndpoint tenantCachesEndpoint(javax.cache.CacheManager jcacheManager) {
    try {
      return new TenantCachesEndpoint(jcacheManager.unwrap(TenantCacheManager.class));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the endpoint tenantcaches needs a TenantCache JCache "
          + "manager; " + jcacheManager.getURI() + " is another provider's (turn the endpoint "
          + "off with management.endpoint.tenantcaches.access=none)", e);
    }
  }

  /** The HTTP statuses of the endpoint. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(TenantCachesEndpoint.class)
  @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
  public TenantCachesEndpointWebExtension tenantCachesEndpointWebExtension(
      TenantCachesEndpoint endpoint) {
    return new TenantCachesEndpointWebExtension(endpoint);
  }
}
