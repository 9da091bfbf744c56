package io.tenantcache.spring.boot;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.spi.TenantCachingProvider;
import java.util.Map;
import javax.cache.Caching;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Hands the {@code tenantcache.*} properties that are keys of TenantCache's declarative
 * configuration ({@link TenantCacheSettingsProperties}, and {@code tenantcache.tenancy.resolver})
 * to the auto-configured JCache manager as that configuration: the manager property {@value
 * TenantCacheProperties#CONFIGURATION}, which the provider layers over a {@code tenantcache.conf}
 * on the class path (the properties win where both set a key) and checks like the file. Nothing is
 * passed when none of them is set. A property under these sections that is no key (a typo such as
 * {@code tenantcache.caches.quotes.maximum-sise}) fails start-up, as an unknown key of the file
 * does.
 */
@AutoConfiguration(before = TenantCacheAutoConfiguration.class)
@ConditionalOnClass({Caching.class, TenantCachingProvider.class})
@EnableConfigurationProperties({TenantCacheSettingsProperties.class,
    TenantCacheBootProperties.class})
public class TenantCacheSettingsAutoConfiguration {
  /** The sections of {@link TenantCacheSettingsProperties} and what each binds to. */
  private static final Map<String, Bindable<?>> SECTIONS = Map.of(
      "default", Bindable.of(CacheSettings.class),
      "caches", Bindable.mapOf(String.class, CacheSettings.class),
      "management", Bindable.of(TenantCacheSettingsProperties.Management.class),
      "cluster", Bindable.of(TenantCacheSettingsProperties.Cluster.class));

  /** Puts the HOCON text of the set properties into the manager's properties. */
  @Bean
  TenantCacheManagerCustomizer tenantCacheSettingsCustomizer(
      TenantCacheSettingsProperties settings, TenantCacheBootProperties boot,
      Environment environment) {
    rejectUnknownKeys(Binder.get(environment));
    String overlay = HoconOverlay.of(settings, boot.tenancy().resolver());
    return managerProperties -> {
      if (overlay != null) {
        managerProperties.setProperty(TenantCacheProperties.CONFIGURATION, overlay);
      }
    };
  }

  /**
   * Binds each section again, now failing on a property it does not bind (Spring's binding of the
   * records ignores those, as it does for every {@code @ConfigurationProperties}).
   *
   * @throws org.springframework.boot.context.properties.bind.BindException naming the property
   */
  private static void rejectUnknownKeys(Binder binder) {
    BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
    SECTIONS.forEach((section, target) ->
        binder.bind(TenantCacheBootProperties.PREFIX + "." + section, target, strict));
  }
}
