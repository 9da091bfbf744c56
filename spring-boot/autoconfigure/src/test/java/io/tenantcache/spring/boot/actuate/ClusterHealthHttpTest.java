package io.tenantcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.redis.TestRedis;
import io.tenantcache.spring.boot.TenantCacheManagerCustomizer;
import io.tenantcache.spring.boot.quotes.QuoteApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The health of the Redis cluster connection in a real Spring Boot application, over real HTTP,
 * against a real redis-server that the test starts and then kills. The cluster is configured
 * through the manager's own properties ({@code tenantcache.cluster.redis.uri}, {@code
 * tenantcache.cluster.max-staleness}), handed over by a {@link
 * TenantCacheManagerCustomizer}: the server's port is only known once it runs.
 */
@SpringBootTest(classes = {QuoteApplication.class, ClusterHealthHttpTest.ClusterOnTestRedis.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"tenantcache.tenancy.header=X-Tenant",
        "management.endpoint.health.show-details=always"})
@DirtiesContext // its manager would go on reconnecting to the dead server
final class ClusterHealthHttpTest {
  private static final String CLUSTER = "$.components.tenantCache.components.cluster";

  private static TestRedis redis;

  @Value("${local.server.port}")
  int port;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void clusterHealth_isUpWhileConnected_andDownWithDetailsOnceRedisIsGone_cacheStillAnswers() {
    LoopbackHttp http = new LoopbackHttp(port);
    // The manager joins the cluster in the background (it starts even with Redis away).
    await("cluster health UP").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
          HttpResponse<String> health = http.get("/actuator/health");
          assertThat(health.statusCode()).isEqualTo(200);
          assertThat(JsonPath.<String>read(health.body(), CLUSTER + ".status")).isEqualTo("UP");
          assertThat(JsonPath.<Boolean>read(health.body(), CLUSTER + ".details.connected"))
              .isTrue();
        });
    assertThat(http.get("/quotes/ACME", "acme").body()).isEqualTo("acme:ACME:1");

    redis.kill();

    await("cluster health DOWN").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
          HttpResponse<String> health = http.get("/actuator/health");
          assertThat(health.statusCode()).isEqualTo(503);
          assertThat(JsonPath.<String>read(health.body(), CLUSTER + ".status"))
              .isEqualTo("DOWN");
          assertThat(JsonPath.<Boolean>read(health.body(), CLUSTER + ".details.connected"))
              .isFalse();
          assertThat(JsonPath.<String>read(health.body(), CLUSTER + ".details.caches"))
              .contains("keep answering");
        });
    // As the details say: the cache keeps answering without Redis.
    HttpResponse<String> quote = http.get("/quotes/GLOBEX", "acme");
    assertThat(quote.statusCode()).isEqualTo(200);
    assertThat(quote.body()).isEqualTo("acme:GLOBEX:1");
  }

  /** The manager joins a cluster on the test's redis-server. */
  @TestConfiguration(proxyBeanMethods = false)
  static class ClusterOnTestRedis {
    @Bean
    TenantCacheManagerCustomizer clusterOnTestRedis() {
      return properties -> {
        properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redis.uri());
        properties.setProperty(TenantCacheProperties.CLUSTER_MAX_STALENESS, "1s");
      };
    }
  }
}
