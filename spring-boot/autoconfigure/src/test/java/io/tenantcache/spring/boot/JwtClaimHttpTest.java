package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.spring.boot.async.AsyncBackend;
import io.tenantcache.spring.boot.async.AsyncQuoteApplication;
import io.tenantcache.spring.boot.async.JwtKeys;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The tenant from a claim of the request's JWT ({@code tenantcache.tenancy.jwt-claim}), with
 * Spring Security's resource server checking tokens signed by the test's key, over real HTTP on
 * loopback, in a servlet and in a WebFlux application.
 *
 * <p>Each application is closed after its tests: Spring Security's servlet configuration installs
 * a JVM-wide Reactor hook, removed only when its context closes, that the other test applications
 * must not run under.
 */
final class JwtClaimHttpTest {
  /** The test's properties: Boot's security back on, the claim, and reject. */
  private static final String SECURITY_ON = "spring.autoconfigure.exclude=";
  private static final String CLAIM = "tenantcache.tenancy.jwt-claim=tenant_id";
  private static final String REJECT = "tenantcache.tenancy.missing-tenant=reject";

  @Nested
  @DirtiesContext
  @SpringBootTest(classes = AsyncQuoteApplication.class,
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {SECURITY_ON, CLAIM, REJECT})
  final class Servlet extends Checks {}

  @Nested
  @DirtiesContext
  @SpringBootTest(classes = AsyncQuoteApplication.class,
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {SECURITY_ON, CLAIM, REJECT, "spring.main.web-application-type=reactive"})
  final class WebFlux extends Checks {}

  /** What both stacks must do. */
  abstract static class Checks {
    @Value("${local.server.port}")
    int port;

    @Autowired
    AsyncBackend backend;

    private HttpCalls http;

    @BeforeEach
    void client() {
      http = new HttpCalls(port, "Authorization");
    }

    @Test
    void tenantOfTheTokensClaim_cachedPerTenant() throws Exception {
      String acme = bearer(Map.of("tenant_id", "acme"));
      String globex = bearer(Map.of("tenant_id", "globex"));

      assertThat(http.get("/mono-quotes/JWT", acme).body()).isEqualTo("acme:JWT:1");
      assertThat(http.get("/mono-quotes/JWT", globex).body()).isEqualTo("globex:JWT:1");
      assertThat(http.get("/mono-quotes/JWT", acme).body()).isEqualTo("acme:JWT:1");

      assertThat(backend.calls("acme", "JWT")).isEqualTo(1);
      assertThat(backend.calls("globex", "JWT")).isEqualTo(1);
    }

    @Test
    void syncFutureMethod_runOnALoaderThread_cachedForTheTokensTenant() throws Exception {
      String acme = bearer(Map.of("tenant_id", "acme"));

      assertThat(http.get("/sync-future-quotes/JWTS", acme).body()).isEqualTo("acme:JWTS:1");
      assertThat(http.get("/sync-future-quotes/JWTS", acme).body()).isEqualTo("acme:JWTS:1");
      assertThat(backend.calls("acme", "JWTS")).isEqualTo(1);
    }

    @Test
    void tokenWithoutTheClaim_underReject_is400NamingTheClaim() throws Exception {
      HttpResponse<String> response =
          http.get("/mono-quotes/JWT", bearer(Map.of("scope", "quotes")));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("JWT claim tenant_id is missing");
    }

    @Test
    void claimThatIsNoValidTenantId_is400SayingWhy() throws Exception {
      HttpResponse<String> response =
          http.get("/mono-quotes/JWT", bearer(Map.of("tenant_id", "t".repeat(300))));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("tenant_id").contains("300 characters long");
    }

    @Test
    void noToken_isRefusedBySpringSecurity_beforeTheTenantFilter() throws Exception {
      assertThat(http.get("/mono-quotes/JWT", null).statusCode()).isEqualTo(401);
      assertThat(http.get("/mono-quotes/JWT", "Bearer not.a.token").statusCode()).isEqualTo(401);
    }

    private static String bearer(Map<String, Object> claims) {
      return "Bearer " + JwtKeys.token(claims);
    }
  }
}
