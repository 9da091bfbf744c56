package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.spring.boot.async.AsyncBackend;
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

/**
 * What {@code @Cacheable} methods that return {@code CompletableFuture}, {@code Mono} and {@code
 * Flux} do over real HTTP in every kind of web application on the starter (the subclasses start
 * a servlet and a WebFlux one, tenant from the X-Tenant header, missing tenant rejected): each
 * cached per tenant, and a stampede on a synchronized one coalesced into one method call.
 */
abstract class AsyncCachingOverHttp {
  @Value("${local.server.port}")
  int port;

  @Autowired
  AsyncBackend backend;

  HttpCalls http;

  @BeforeEach
  void client() {
    http = new HttpCalls(port, "X-Tenant");
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
  void mono_cachedPerTenant() throws Exception {
    assertCachedPerTenant("/mono-quotes/", "MONO");
  }

  @Test
  void syncMono_cachedPerTenant() throws Exception {
    assertCachedPerTenant("/sync-mono-quotes/", "SMONO");
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

  /**
   * Sends 64 concurrent requests for acme's key HELD to {@code path} (a synchronized method) while
   * the backend holds HELD, and checks that all 64 reach the controller, one reaches the method,
   * none is answered until the backend lets go, and then all are, with that one call's value.
   */
  void assertStampedeMakesOneCall(String path) throws Exception {
    backend.hold("HELD");
    List<CompletableFuture<HttpResponse<String>>> stampede = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      stampede.add(http.getAsync(path + "HELD", "acme"));
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

  private void assertCachedPerTenant(String path, String symbol) throws Exception {
    assertThat(http.get(path + symbol, "acme").body()).isEqualTo("acme:" + symbol + ":1");
    assertThat(http.get(path + symbol, "globex").body()).isEqualTo("globex:" + symbol + ":1");
    assertThat(http.get(path + symbol, "acme").body()).isEqualTo("acme:" + symbol + ":1");
    assertThat(http.get(path + symbol, "globex").body()).isEqualTo("globex:" + symbol + ":1");

    assertThat(backend.calls("acme", symbol)).isEqualTo(1);
    assertThat(backend.calls("globex", symbol)).isEqualTo(1);
  }
}
