package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.spring.boot.async.AsyncBackend;
import io.tenantcache.spring.boot.async.AsyncQuoteApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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
final class ReactiveTenantHttpTest {
  @Value("${local.server.port}")
  int port;

  @Autowired
  AsyncBackend backend;

  @Autowired
  ApplicationContext context;

  private HttpCalls http;

  @BeforeEach
  void client() {
    http = new HttpCalls(port, "X-Tenant");
  }

  @Test
  void applicationIsWebFlux_withTheTenantWebFilter() {
    assertThat(context.getBeansOfType(RequestMappingHandlerAdapter.class)).isNotEmpty();
    assertThat(context.getBeansOfType(TenantWebFilter.class)).hasSize(1);
  }

  @Test
  void mono_cachedPerTenant() throws Exception {
    assertCachedPerTenant("/mono-quotes/", "MONO");
  }

  @Test
  void syncMono_cachedPerTenant() throws Exception {
    assertCachedPerTenant("/sync-mono-quotes/", "SMONO");
  }

  @Test
  void completableFuture_cachedPerTenant() throws Exception {
    assertCachedPerTenant("/future-quotes/", "CF");
  }

  @Test
  void syncCompletableFuture_cachedPerTenant() throws Exception {
    assertCachedPerTenant("/sync-future-quotes/", "SCF");
  }

  @Test
  void flux_cachedPerTenant_asTheListOfItsItems() throws Exception {
    assertThat(http.get("/flux-quotes/FLUX", "acme").body())
        .isEqualTo("[\"acme:FLUX:1\",\"then\"]");
    assertThat(http.get("/flux-quotes/FLUX", "globex").body())
        .isEqualTo("[\"globex:FLUX:1\",\"then\"]");
    assertThat(http.get("/flux-quotes/FLUX", "acme").body())
        .isEqualTo("[\"acme:FLUX:1\",\"then\"]");

    assertThat(backend.calls("acme", "FLUX")).isEqualTo(1);
    assertThat(backend.calls("globex", "FLUX")).isEqualTo(1);
  }

  @Test
  void syncMono_64ConcurrentRequests_oneMethodCall() throws Exception {
    backend.hold("HELD");
    List<CompletableFuture<HttpResponse<String>>> stampede = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      stampede.add(http.getAsync("/sync-mono-quotes/HELD", "acme"));
    }
    await().atMost(Duration.ofSeconds(15))
        .until(() -> backend.arrivals("HELD") == 64 && backend.calls("acme", "HELD") == 1);
    assertThat(stampede).noneMatch(CompletableFuture::isDone);

    backend.open("HELD");
    for (CompletableFuture<HttpResponse<String>> response : stampede) {
      HttpResponse<String> done = response.get(20, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).isEqualTo("acme:HELD:1");
    }
    assertThat(backend.calls("acme", "HELD")).isEqualTo(1);
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

  private void assertCachedPerTenant(String path, String symbol) throws Exception {
    assertThat(http.get(path + symbol, "acme").body()).isEqualTo("acme:" + symbol + ":1");
    assertThat(http.get(path + symbol, "globex").body()).isEqualTo("globex:" + symbol + ":1");
    assertThat(http.get(path + symbol, "acme").body()).isEqualTo("acme:" + symbol + ":1");
    assertThat(http.get(path + symbol, "globex").body()).isEqualTo("globex:" + symbol + ":1");

    assertThat(backend.calls("acme", symbol)).isEqualTo(1);
    assertThat(backend.calls("globex", symbol)).isEqualTo(1);
  }
}
