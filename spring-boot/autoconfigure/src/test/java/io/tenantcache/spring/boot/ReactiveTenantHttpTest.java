package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.spring.boot.async.AsyncQuoteApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;

/**
 * A WebFlux application on the starter, over real HTTP on loopback: the {@link TenantWebFilter}
 * binds the X-Tenant header's tenant through Reactor's context, and the cached methods that
 * return {@code Mono}, {@code Flux} and {@code CompletableFuture} act for it.
 */
@SpringBootTest(classes = AsyncQuoteApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive",
        "tenantcache.tenancy.header=X-Tenant",
        "tenantcache.tenancy.missing-tenant=reject"})
final class ReactiveTenantHttpTest extends AsyncCachingOverHttp {
  @Autowired
  ApplicationContext context;

  @Test
  void applicationIsWebFlux_withTheTenantWebFilter() {
    assertThat(context.getBeansOfType(RequestMappingHandlerAdapter.class)).isNotEmpty();
    assertThat(context.getBeansOfType(TenantWebFilter.class)).hasSize(1);
  }

  @Test
  void syncMono_64ConcurrentRequests_oneMethodCall() throws Exception {
    assertStampedeMakesOneCall("/sync-mono-quotes/");
  }

  @Test
  void requestWithoutTenantHeader_underReject_is400NamingTheHeader() throws Exception {
    HttpResponse<String> response = http.get("/mono-quotes/MONO", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("header X-Tenant is missing");
    assertThat(backend.calls("none", "MONO")).isZero();
  }

  @Test
  void tenantHeaderThatIsNoValidTenantId_is400SayingWhy() throws Exception {
    HttpResponse<String> response = http.get("/mono-quotes/MONO", "t".repeat(300));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("X-Tenant").contains("300 characters long");
  }
}
