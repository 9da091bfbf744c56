package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.spring.boot.async.AsyncQuoteApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code @Cacheable} methods that return {@code CompletableFuture}, {@code Mono} and {@code Flux}
 * in a servlet application on the starter, over real HTTP on loopback: cached per tenant, and
 * the synchronized ones coalesced through {@code TenantSpringCache.retrieve}.
 */
@SpringBootTest(classes = AsyncQuoteApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"tenantcache.tenancy.header=X-Tenant",
        "tenantcache.tenancy.missing-tenant=reject"})
final class AsyncCacheableHttpTest extends AsyncCachingOverHttp {
  @Test
  void syncCompletableFuture_64ConcurrentRequests_oneMethodCall() throws Exception {
    assertStampedeMakesOneCall("/sync-future-quotes/");
  }

  @Test
  void asyncMethodWithoutTenantHeader_underReject_is400() throws Exception {
    HttpResponse<String> response = http.get("/future-quotes/CF", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("X-Tenant");
  }
}
