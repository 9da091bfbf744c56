package io.tenantcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.spring.boot.TenantCacheAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** When the endpoint and the health contributor exist, without a web server. */
final class TenantCachesEndpointAutoConfigurationTest {
  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TenantCacheAutoConfiguration.class,
          TenantCachesEndpointAutoConfiguration.class, TenantCacheHealthAutoConfiguration.class));

  @Test
  void endpoint_isNotThereUnlessExposed() {
    runner.run(context -> assertThat(context).doesNotHaveBean(TenantCachesEndpoint.class)
        .doesNotHaveBean(TenantCachesEndpointWebExtension.class));
  }

  @Test
  void endpoint_exposedOverHttp_hasItsWebExtension() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=tenantcaches")
        .run(context -> assertThat(context).hasSingleBean(TenantCachesEndpoint.class)
            .hasSingleBean(TenantCachesEndpointWebExtension.class));
  }

  @Test
  void endpoint_exposedOverJmxOnly_hasNoWebExtension() {
    runner.withPropertyValues("spring.jmx.enabled=true",
            "management.endpoints.jmx.exposure.include=tenantcaches")
        .run(context -> assertThat(context).hasSingleBean(TenantCachesEndpoint.class)
            .doesNotHaveBean(TenantCachesEndpointWebExtension.class));
  }

  @Test
  void healthContributor_isThereUnlessTurnedOff() {
    runner.run(context -> assertThat(context).hasBean("tenantCacheHealthContributor"));
    runner.withPropertyValues("management.health.tenantcache.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("tenantCacheHealthContributor"));
  }
}
