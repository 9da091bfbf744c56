package io.tenantcache.spring.boot;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.spi.TenantCachingProvider;
import javax.cache.Caching;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Hands the {@code tenantcache.*} properties that are keys of TenantCache's declarative
 * configuration ({@link TenantCacheSettingsProperties}, and {@code tenantcache.tenancy.resolver})
 * to the auto-configured JCache manager as that configuration: the manager property {@value
 * TenantCacheProperties#CONFIGURATION}, which the provider layers over a {@code tenantcache.conf}
 * on the class path (the properties win where both set a key) and checks like the file. Nothing is
 * passed when none of them is set.
 */
@AutoConfiguration(before = TenantCacheAutoConfiguration.class)
@ConditionalOnClass({Caching.class, TenantCachingProvider.class})
@EnableConfigurationProperties({TenantCacheSettingsProperties.class,
    TenantCacheBootProperties.class})
public class TenantCacheSettingsAutoConfiguration {
  /** Puts the HOCON text of the set properties into the manager's properties. */
  @Bean
  TenantCacheManagerCustomizer tenantCacheSettingsCustomizer(
      TenantCacheSettingsProperties settings, TenantCacheBootProperties boot) {
    String overlay = HoconOverlay.of(settings, boot.tenancy().resolver());
    return managerProperties -> {
      if (overlay != null) {
        managerProperties.setProperty(TenantCacheProperties.CONFIGURATION, overlay);
      }
    };
  }
}
