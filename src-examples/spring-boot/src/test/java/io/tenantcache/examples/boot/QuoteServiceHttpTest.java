package io.tenantcache.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.tenantcache.TenantCacheConfiguration;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.ExpiryPolicy;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The example service, started by Spring Boot on a random loopback port and called over real
 * HTTP: the tenant comes from the X-Tenant header, and the caches have the settings of
 * application.yml (here with one of them overridden, as any property can be).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.main.banner-mode=off",
    // Short enough to watch an entry expire; application.yml says 1m.
    "tenantcache.caches.exchange-rates.expiry.created=300ms"})
final class QuoteServiceHttpTest {
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Value("${local.server.port}")
  int port;

  @Autowired
  PricingBackend backend;

  @Autowired
  javax.cache.CacheManager jcacheManager;

  @Test
  void twoTenants_sameSymbol_separateEntries_oneBackendCallEach() throws Exception {
    HttpResponse<String> acme = send("GET", "/quotes/ACME", "acme");
    HttpResponse<String> globex = send("GET", "/quotes/ACME", "globex");
    HttpResponse<String> acmeAgain = send("GET", "/quotes/ACME", "acme");
    send("GET", "/quotes/ACME", "globex");

    assertThat(acme.statusCode()).isEqualTo(200);
    assertThat((String) JsonPath.read(acme.body(), "$.tenant")).isEqualTo("acme");
    assertThat((String) JsonPath.read(globex.body(), "$.tenant")).isEqualTo("globex");
    assertThat(acmeAgain.body()).isEqualTo(acme.body());
    assertThat(backend.calls("acme", "ACME")).isEqualTo(1);
    assertThat(backend.calls("globex", "ACME")).isEqualTo(1);
  }

  @Test
  void delete_evictsTheCallersEntryOnly() throws Exception {
    send("GET", "/quotes/EVCT", "acme");
    send("GET", "/quotes/EVCT", "globex");

    assertThat(send("DELETE", "/quotes/EVCT", "acme").statusCode()).isEqualTo(200);
    send("GET", "/quotes/EVCT", "acme");
    send("GET", "/quotes/EVCT", "globex");

    assertThat(backend.calls("acme", "EVCT")).isEqualTo(2);
    assertThat(backend.calls("globex", "EVCT")).isEqualTo(1);
  }

  @Test
  void requestWithoutATenant_is400_asMissingTenantRejectSays() throws Exception {
    HttpResponse<String> response = send("GET", "/quotes/NOBODY", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(backend.calls("default", "NOBODY")).isZero();
  }

  @Test
  void cachesHaveTheSettingsOfApplicationYml() {
    TenantCacheConfiguration<?, ?> quotes = configuration("quotes");
    assertThat(quotes.getKeyType()).isEqualTo(String.class);
    assertThat(quotes.getMaximumSize()).isEqualTo(10_000);
    assertThat(quotes.getTenantQuota()).isEqualTo(2_500);
    assertThat(quotes.isStoreByValue()).isFalse();
    assertThat(quotes.isStatisticsEnabled()).isTrue();
    ExpiryPolicy expiry = quotes.getExpiryPolicyFactory().create();
    assertThat(expiry.getExpiryForCreation())
        .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10));
    assertThat(configuration("exchange-rates").getMaximumSize()).isEqualTo(1_000);
  }

  @Test
  void statistics_fromApplicationYml_countTheRequestsInTheJCacheMXBean() throws Exception {
    ObjectName statistics = statisticsName("quotes");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long hitsBefore = (Long) server.getAttribute(statistics, "CacheHits");
    long missesBefore = (Long) server.getAttribute(statistics, "CacheMisses");

    send("GET", "/quotes/STAT", "initech");
    send("GET", "/quotes/STAT", "initech");
    send("GET", "/quotes/STAT", "initech");

    assertThat((Long) server.getAttribute(statistics, "CacheMisses") - missesBefore)
        .isEqualTo(1);
    assertThat((Long) server.getAttribute(statistics, "CacheHits") - hitsBefore).isEqualTo(2);
  }

  @Test
  void expiry_fromTheProperties_makesTheNextRequestCallTheBackendAgain() throws Exception {
    String first = send("GET", "/rates/EUR", "acme").body();
    assertThat(backend.calls("acme", "EUR")).isEqualTo(1);

    // Bounded: the entry expires 300ms after it was written; until then requests hit the cache.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      send("GET", "/rates/EUR", "acme");
      return backend.calls("acme", "EUR") == 2;
    });
    assertThat(send("GET", "/rates/EUR", "acme").body()).isEqualTo(first);
  }

  @SuppressWarnings("unchecked") // getConfiguration(Class) of a Cache<?, ?>
  private TenantCacheConfiguration<?, ?> configuration(String cache) {
    javax.cache.Cache<?, ?> jcache = jcacheManager.getCache(cache);
    assertThat(jcache).as("cache %s", cache).isNotNull();
    return jcache.getConfiguration(TenantCacheConfiguration.class);
  }

  private ObjectName statisticsName(String cache) throws Exception {
    String manager = jcacheManager.getURI().toString().replaceAll("[,:=\n]", ".");
    Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
        "javax.cache:type=CacheStatistics,CacheManager=" + manager + ",Cache=" + cache), null);
    assertThat(names).hasSize(1);
    return names.iterator().next();
  }

  private HttpResponse<String> send(String method, String path, @Nullable String tenant)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (tenant != null) {
      request.header("X-Tenant", tenant);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
