package io.tenantcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.spring.boot.quotes.QuoteApplication;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * TenantCache's meters in a real Spring Boot application's Prometheus scrape, over real HTTP:
 * bound to Boot's registry by the starter, tagged by tenant, each once.
 */
@SpringBootTest(classes = QuoteApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"tenantcache.tenancy.header=X-Tenant",
        "management.endpoints.web.exposure.include=prometheus"})
final class PrometheusScrapeHttpTest {
  @Value("${local.server.port}")
  int port;

  @Test
  void afterRequestsOfTwoTenants_scrapeShowsEachTenantsMetersOnce_withOneSetOfTags() {
    LoopbackHttp http = new LoopbackHttp(port);
    assertThat(http.get("/quotes/ACME", "acme").body()).isEqualTo("acme:ACME:1");
    assertThat(http.get("/quotes/ACME", "acme").body()).isEqualTo("acme:ACME:1");
    assertThat(http.get("/quotes/ACME", "globex").body()).isEqualTo("globex:ACME:1");

    HttpResponse<String> scrape = http.get("/actuator/prometheus");

    assertThat(scrape.statusCode()).isEqualTo(200);
    List<String> gets = samples(scrape.body(), "cache_gets_total{");
    assertThat(gets).as("every cache.gets sample is TenantCache's, tagged by tenant")
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("tenant=\"").doesNotContain("name=\""));
    assertThat(only(gets, "tenant=\"acme\"", "result=\"hit\"")).endsWith(" 1.0");
    assertThat(only(gets, "tenant=\"acme\"", "result=\"miss\"")).endsWith(" 1.0");
    assertThat(only(gets, "tenant=\"globex\"", "result=\"miss\"")).endsWith(" 1.0");
    assertThat(only(gets, "tenant=\"globex\"", "result=\"hit\"")).endsWith(" 0.0");
    List<String> sizes = samples(scrape.body(), "cache_size{");
    assertThat(only(sizes, "tenant=\"acme\"")).endsWith(" 1.0");
    assertThat(only(sizes, "tenant=\"globex\"")).endsWith(" 1.0");
  }

  private static List<String> samples(String scrape, String prefix) {
    return scrape.lines().filter(line -> line.startsWith(prefix)).toList();
  }

  /** The one sample of the quotes cache that has all of {@code tags}. */
  private static String only(List<String> samples, String... tags) {
    List<String> matching = samples.stream()
        .filter(line -> line.contains("cache=\"quotes\""))
        .filter(line -> List.of(tags).stream().allMatch(line::contains))
        .toList();
    assertThat(matching).as("samples with %s among %s", List.of(tags), samples).hasSize(1);
    return matching.get(0);
  }
}
