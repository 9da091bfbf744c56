package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Which request filter the auto-configuration sets up, and the start-up errors it raises. */
final class TenantRequestAutoConfigurationTest {
  private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
      TenantCacheAutoConfiguration.class, TenantRequestAutoConfiguration.class);

  private final WebApplicationContextRunner servlet =
      new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS);
  private final ReactiveWebApplicationContextRunner reactive =
      new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS);

  @Test
  void servletWithJwtClaim_claimFilter_noHeaderFilter() {
    servlet.withPropertyValues("tenantcache.tenancy.jwt-claim=tenant_id").run(context -> {
      assertThat(context).hasSingleBean(TenantJwtClaimFilter.class);
      assertThat(context).doesNotHaveBean(TenantHeaderFilter.class);
      assertThat(context).doesNotHaveBean(TenantWebFilter.class);
    });
  }

  @Test
  void reactiveWithHeaderOrClaim_oneWebFilter_noServletFilter() {
    reactive.withPropertyValues("tenantcache.tenancy.header=X-Tenant").run(context -> {
      assertThat(context).hasSingleBean(TenantWebFilter.class);
      assertThat(context).doesNotHaveBean(TenantHeaderFilter.class);
    });
    reactive.withPropertyValues("tenantcache.tenancy.jwt-claim=tenant_id").run(context -> {
      assertThat(context).hasSingleBean(TenantWebFilter.class);
      assertThat(context).doesNotHaveBean(TenantJwtClaimFilter.class);
    });
    reactive.run(context -> assertThat(context).doesNotHaveBean(TenantWebFilter.class));
  }

  @Test
  void headerAndJwtClaimBothSet_failsStartUp_namingBoth() {
    servlet.withPropertyValues("tenantcache.tenancy.header=X-Tenant",
        "tenantcache.tenancy.jwt-claim=tenant_id").run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure())).contains(
              "tenantcache.tenancy.header and tenantcache.tenancy.jwt-claim are both set");
        });
  }

  @Test
  void jwtClaimThatIsNoClaimName_failsStartUp_namingTheProperty() {
    servlet.withPropertyValues("tenantcache.tenancy.jwt-claim=tenant id").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("tenantcache.tenancy.jwt-claim is 'tenant id'");
    });
  }

  @Test
  void jwtClaimWithoutSpringSecuritysResourceServer_failsStartUp_sayingWhatToAdd() {
    servlet.withClassLoader(new FilteredClassLoader(JwtAuthenticationToken.class))
        .withPropertyValues("tenantcache.tenancy.jwt-claim=tenant_id").run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("tenantcache.tenancy.jwt-claim is set")
              .contains("spring-boot-starter-security-oauth2-resource-server");
        });
  }

  @Test
  void reactiveWithLimitedContextPropagation_failsStartUp_namingBothProperties() {
    reactive.withPropertyValues("tenantcache.tenancy.header=X-Tenant",
        "spring.reactor.context-propagation=limited").run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("tenantcache.tenancy.header")
              .contains("spring.reactor.context-propagation is 'limited'");
        });
  }

  private static String messages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
