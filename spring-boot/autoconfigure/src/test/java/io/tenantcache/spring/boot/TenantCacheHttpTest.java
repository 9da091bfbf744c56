package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tenantcache.spring.boot.quotes.QuoteApplication;
import io.tenantcache.spring.boot.quotes.QuoteBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;

/** The starter in a real Spring Boot application, over real HTTP on loopback. */
@SpringBootTest(classes = QuoteApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"tenantcache.tenancy.header=X-Tenant",
        "tenantcache.tenancy.missing-tenant=reject"})
final class TenantCacheHttpTest {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Value("${local.server.port}")
  int port;

  @Autowired
  QuoteBackend backend;

  @Autowired
  CacheManager cacheManager;

  @Test
  void springCacheManager_isTenantCaches_notBootsJCacheAdapter() {
    assertThat(cacheManager).isInstanceOf(TenantSpringCacheManager.class);
  }

  @Test
  void twoTenantsThroughTheHeader_sameKey_separateEntries() throws Exception {
    assertThat(get("/quotes/ACME", "acme").body()).isEqualTo("acme:ACME:1");
    assertThat(get("/quotes/ACME", "globex").body()).isEqualTo("globex:ACME:1");
    assertThat(get("/quotes/ACME", "acme").body()).isEqualTo("acme:ACME:1");
    assertThat(get("/quotes/ACME", "globex").body()).isEqualTo("globex:ACME:1");

    assertThat(backend.calls("acme", "ACME")).isEqualTo(1);
    assertThat(backend.calls("globex", "ACME")).isEqualTo(1);
  }

  @Test
  void syncCacheable_stampedeOf64Requests_oneMethodCall_andOtherKeysGoOn() throws Exception {
    backend.hold("HELD");
    List<CompletableFuture<HttpResponse<String>>> stampede = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      stampede.add(client.sendAsync(request("/slow-quotes/HELD", "acme"),
          HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(15))
        .until(() -> backend.arrivals("HELD") == 64 && backend.calls("acme", "HELD") == 1);

    // While HELD's one call is held, another key of the same cache and tenant is served.
    HttpResponse<String> other = get("/slow-quotes/FREE", "acme");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo("acme:FREE:1");
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
    HttpResponse<String> response = get("/quotes/ACME", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("X-Tenant");
    assertThat(backend.calls("none", "ACME")).isZero();
  }

  @Test
  void tenantHeaderThatIsNoValidTenantId_is400SayingWhy() throws Exception {
    HttpResponse<String> response = get("/quotes/ACME", "t".repeat(300));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("X-Tenant").contains("300 characters long");
  }

  private HttpResponse<String> get(String path, String tenant) throws Exception {
    return client.send(request(path, tenant), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path, String tenant) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST_TIMEOUT).GET();
    if (tenant != null) {
      request.header("X-Tenant", tenant);
    }
    return request.build();
  }
}
