package io.tenantcache.spring.boot.actuate;

import io.tenantcache.TenantCacheManager;
import io.tenantcache.spring.boot.TenantCacheAutoConfiguration;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * TenantCache's health contributor ({@code tenantCache} in {@code /actuator/health}, with the
 * component {@code cluster} while the manager is clustered), where Actuator's health is on the
 * class path; off with {@code management.health.tenantcache.enabled=false}.
 */
@AutoConfiguration(after = TenantCacheAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, TenantCacheManager.class})
@ConditionalOnSingleCandidate(javax.cache.CacheManager.class)
@ConditionalOnEnabledHealthIndicator("tenantcache")
public class TenantCacheHealthAutoConfiguration {
  /** The contributor, over the JCache manager if it is TenantCache's. */
  @Bean
  @ConditionalOnMissingBean(name = "tenantCacheHealthContributor")
  HealthContributor tenantCacheHealthContributor(javax.cache.CacheManager jcacheManager) {
    try {
      return new TenantCacheHealthContributor(jcacheManager.unwrap(TenantCacheManager.class));
    } catch (IllegalArgumentException notTenantCache) {
      // Another provider's manager: nothing of TenantCache's to report.
      return CompositeHealthContributor.fromMap(Map.of());
    }
  }
}
