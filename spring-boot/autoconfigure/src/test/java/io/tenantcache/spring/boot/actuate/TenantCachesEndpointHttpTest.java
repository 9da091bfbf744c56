package io.tenantcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tenantcache.spring.boot.quotes.QuoteApplication;
import io.tenantcache.spring.boot.quotes.QuoteBackend;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The {@code tenantcaches} endpoint of a real Spring Boot application over real HTTP on loopback.
 * Every test uses tenants of its own: the application (and its caches) is shared by the tests.
 */
@SpringBootTest(classes = QuoteApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"tenantcache.tenancy.header=X-Tenant",
        "management.endpoints.web.exposure.include=tenantcaches,health",
        "management.endpoint.health.show-components=always"})
final class TenantCachesEndpointHttpTest {
  @Value("${local.server.port}")
  int port;

  @Autowired
  QuoteBackend backend;

  LoopbackHttp http;

  @BeforeEach
  void connect() {
    http = new LoopbackHttp(port);
  }

  @Test
  void deleteTenant_clearsThatTenantInEveryCache_andNoOtherTenant() {
    quote("/quotes/ACME", "acme", "acme:ACME:1");
    quote("/quotes/ACME", "globex", "globex:ACME:1");
    quote("/slow-quotes/ACME", "acme", "acme:ACME:2");

    HttpResponse<String> evicted = http.delete("/actuator/tenantcaches/acme");

    assertThat(evicted.statusCode()).isEqualTo(204);
    // globex's entry is still served: no method call.
    quote("/quotes/ACME", "globex", "globex:ACME:1");
    assertThat(backend.calls("globex", "ACME")).isEqualTo(1);
    // acme's entries are gone from both caches: each is a method call again.
    quote("/quotes/ACME", "acme", "acme:ACME:3");
    quote("/slow-quotes/ACME", "acme", "acme:ACME:4");
    assertThat(backend.calls("acme", "ACME")).isEqualTo(4);
  }

  @Test
  void deleteTenantOfOneCache_clearsItThere_only() {
    quote("/quotes/HOOLI", "hooli", "hooli:HOOLI:1");
    quote("/slow-quotes/HOOLI", "hooli", "hooli:HOOLI:2");

    assertThat(http.delete("/actuator/tenantcaches/hooli/quotes").statusCode()).isEqualTo(204);

    quote("/slow-quotes/HOOLI", "hooli", "hooli:HOOLI:2"); // still cached
    quote("/quotes/HOOLI", "hooli", "hooli:HOOLI:3"); // called again
    assertThat(backend.calls("hooli", "HOOLI")).isEqualTo(3);
  }

  @Test
  void get_listsTheCachesAndTheirTenants_withStatistics() {
    quote("/quotes/IBM", "initech", "initech:IBM:1");
    quote("/quotes/IBM", "initech", "initech:IBM:1");
    quote("/quotes/IBM", "umbrella", "umbrella:IBM:1");

    HttpResponse<String> response = http.get("/actuator/tenantcaches");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).contains("json"));
    String json = response.body();
    assertThat(JsonPath.<String>read(json, "$.cacheManager")).startsWith("urn:tenantcache:");
    assertThat(JsonPath.<Integer>read(json, "$.tenantCount")).isGreaterThanOrEqualTo(2);
    assertThat(JsonPath.<Boolean>read(json, "$.caches.quotes.statisticsEnabled")).isTrue();
    assertThat(JsonPath.<Integer>read(json, "$.caches.quotes.tenantCount"))
        .isGreaterThanOrEqualTo(2);
    Map<String, Object> initech = tenantIn(json, "quotes", "initech");
    assertThat(initech).containsEntry("size", 1).containsEntry("hits", 1)
        .containsEntry("misses", 1).containsEntry("gets", 2).containsEntry("hitRate", 0.5);
    Map<String, Object> umbrella = tenantIn(json, "quotes", "umbrella");
    assertThat(umbrella).containsEntry("size", 1).containsEntry("hits", 0)
        .containsEntry("misses", 1);
    List<String> order = JsonPath.read(json, "$.caches.quotes.mostActiveTenants[*].tenant");
    assertThat(order).hasSizeLessThanOrEqualTo(TenantCachesEndpoint.MOST_ACTIVE_TENANTS);
    assertThat(order.indexOf("initech")).isLessThan(order.indexOf("umbrella"));
  }

  @Test
  void getTenant_showsItInEveryCache() {
    quote("/quotes/WAYNE", "wayne", "wayne:WAYNE:1");

    HttpResponse<String> response = http.get("/actuator/tenantcaches/wayne");

    assertThat(response.statusCode()).isEqualTo(200);
    String json = response.body();
    assertThat(JsonPath.<String>read(json, "$.tenant")).isEqualTo("wayne");
    assertThat(JsonPath.<Integer>read(json, "$.caches.quotes.size")).isEqualTo(1);
    assertThat(JsonPath.<Integer>read(json, "$.caches.quotes.misses")).isEqualTo(1);
  }

  @Test
  void deleteOfAnUnknownCache_is404NamingIt_andClearsNothing() {
    quote("/quotes/STARK", "stark", "stark:STARK:1");

    HttpResponse<String> response = http.delete("/actuator/tenantcaches/stark/no-such-cache");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JsonPath.<String>read(response.body(), "$.error"))
        .contains("no cache named 'no-such-cache'").contains("quotes");
    quote("/quotes/STARK", "stark", "stark:STARK:1");
  }

  @Test
  void invalidTenantId_is400SayingWhy() {
    String tooLong = "t".repeat(300);
    for (HttpResponse<String> response : List.of(
        http.get("/actuator/tenantcaches/" + tooLong),
        http.delete("/actuator/tenantcaches/" + tooLong),
        http.delete("/actuator/tenantcaches/" + tooLong + "/quotes"),
        http.delete("/actuator/tenantcaches/%20"))) {
      assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(400);
      assertThat(JsonPath.<String>read(response.body(), "$.error")).startsWith("tenant id is");
    }
    assertThat(JsonPath.<String>read(http.get("/actuator/tenantcaches/" + tooLong).body(),
        "$.error")).contains("300 characters long");
  }

  @Test
  void health_ofAManagerThatIsNotClustered_hasNoTenantCacheComponent() {
    HttpResponse<String> response = http.get("/actuator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> components = JsonPath.read(response.body(), "$.components");
    assertThat(components).isNotEmpty().doesNotContainKey("tenantCache");
  }

  private void quote(String path, String tenant, String expected) {
    HttpResponse<String> response = http.get(path, tenant);
    assertThat(response.statusCode()).as("GET %s for %s", path, tenant).isEqualTo(200);
    assertThat(response.body()).isEqualTo(expected);
  }

  private static Map<String, Object> tenantIn(String json, String cache, String tenant) {
    List<Map<String, Object>> rows = JsonPath.read(json,
        "$.caches." + cache + ".mostActiveTenants[?(@.tenant == '" + tenant + "')]");
    assertThat(rows).as("%s in %s", tenant, json).hasSize(1);
    return rows.get(0);
  }
}
