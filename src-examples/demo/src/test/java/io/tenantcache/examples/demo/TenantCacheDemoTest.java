package io.tenantcache.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.examples.demo.TenantCacheDemo.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the demo once and checks the facts its output tells. */
final class TenantCacheDemoTest {
  private static Report report;
  private static String output;

  @BeforeAll
  static void runDemo() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      report = TenantCacheDemo.run(out);
    }
    output = bytes.toString(StandardCharsets.UTF_8);
    Path sample = Path.of("target", "demo-output.txt"); // kept for the README's sample
    Files.createDirectories(sample.getParent());
    Files.writeString(sample, output);
  }

  @Test
  void stampede_makesOneBackendCallPerTenantAndKey() {
    assertThat(report.stampedeThreads()).isEqualTo(300);
    assertThat(report.stampedeBackendCalls()).containsOnlyKeys("acme/espresso", "acme/latte",
        "globex/espresso", "globex/latte", "initech/espresso", "initech/latte");
    assertThat(report.stampedeBackendCalls()).allSatisfy(
        (tenantKey, calls) -> assertThat(calls).as(tenantKey).isEqualTo(1));
    assertThat(report.wrongTenantAnswers()).isZero();
    assertThat(output).contains("300 threads, 6 backend calls: one per tenant+key");
  }

  @Test
  void failingBackend_opensOnlyThatTenantsBreaker_andServesItStaleValues() {
    assertThat(report.breakerStates()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "prices/acme", "CLOSED", "prices/globex", "OPEN", "prices/initech", "CLOSED"));
    assertThat(report.staleAnswers()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "acme", 0L, "globex", 5L, "initech", 0L));
    assertThat(output)
        .containsPattern("acme +get\\(coffee\\) +2\\.70 EUR \\(acme, price list 2\\) +reloaded")
        .containsPattern("globex +get\\(coffee\\) +2\\.30 EUR \\(globex, price list 1\\) +STALE: "
            + "reload failed")
        .containsPattern("globex +get\\(latte\\) +3\\.00 EUR \\(globex, price list 1\\) +STALE: "
            + "breaker OPEN, not called")
        .containsPattern("prices/globex +OPEN");
  }

  @Test
  void refreshAhead_servesTheOldPriceAtOnce_thenTheReloadedOne_andAFallbackAnswersANewKey() {
    LoadingTour.Observed loading = report.loading();
    assertThat(loading.servedAtOnce()).isEqualTo("2.70 EUR (acme, price list 2)");
    assertThat(loading.afterRefresh()).isEqualTo("2.90 EUR (acme, price list 3)");
    assertThat(loading.refreshes()).isEqualTo(1);
    assertThat(loading.fallback()).isEqualTo(LoadingTour.PRICE_ON_REQUEST);
    assertThat(loading.fallbackLoads()).isEqualTo(1);
    assertThat(output).containsPattern("globex +get\\(matcha\\) +price on request");
    assertThat(report.prometheus()).contains("result=\"fallback\",tenant=\"globex\"} 1.0");
  }

  @Test
  void statistics_arePrintedAsATable_withARowPerTenant() {
    assertThat(report.statistics()).containsOnlyKeys("acme", "globex", "initech");
    assertThat(report.statistics().get("globex").staleLoads()).isEqualTo(5);
    assertThat(report.statistics().get("acme").loadFailures()).isZero();
    assertThat(output).containsPattern("tenant +size +gets +hits +misses +hit rate");
    for (String tenant : new String[] {"acme", "globex", "initech"}) {
      assertThat(output).containsPattern("(?m)^ +" + tenant + "( +[0-9.]+( %| ms)?){10}$");
    }
  }

  @Test
  void jmxNames_andPrometheusMeters_arePrinted() {
    assertThat(report.objectNames()).containsExactlyInAnyOrder(
        "javax.cache:type=CacheConfiguration,CacheManager=urn.tenantcache.demo,Cache=prices",
        "javax.cache:type=CacheStatistics,CacheManager=urn.tenantcache.demo,Cache=prices",
        "io.tenantcache:type=TenantStatistics,CacheManager=urn.tenantcache.demo,Cache=prices");
    assertThat(output).contains("jconsole");
    assertThat(report.prometheus())
        .contains("cache_gets_total{cache=\"prices\",cache_manager=\"urn:tenantcache:demo\","
            + "result=\"hit\",tenant=\"acme\"}")
        .contains("resilience4j_circuitbreaker_state{name=\"prices/globex\",state=\"open\"} 1.0");
    assertThat(output).contains("cache_load_total{", "result=\"stale\",tenant=\"globex\"} 5.0");
  }

  @Test
  void twoReplicas_followEachOthersWriteAndTenantClear_throughRedis() {
    org.junit.jupiter.api.Assumptions.assumeTrue(report.replicas() != null,
        "no redis-server on the PATH: the demo skipped its replicas part");
    ReplicasTour.Observed replicas = report.replicas();

    assertThat(replicas.writeDropped()).isTrue();
    assertThat(replicas.tenantCleared()).isTrue();
    assertThat(replicas.tenantsLeftOnReplica2()).containsExactly("globex");
    assertThat(replicas.invalidationsReceived()).isEqualTo(2);
  }

  @Test
  void sharedMode_oneReplicasLoadServesTheOthers_andAStampedeOnTwoReplicasCallsOnce() {
    org.junit.jupiter.api.Assumptions.assumeTrue(report.replicas() != null,
        "no redis-server on the PATH: the demo skipped its replicas part");
    SharedTierTour.Observed shared = report.replicas().shared();
    assertThat(shared).isNotNull();
    assertThat(shared.callsAfterFirstLoad()).isEqualTo(1);
    assertThat(shared.callsAfterSecondReplica()).isEqualTo(1);
    assertThat(shared.secondAnswer()).isEqualTo("espresso for acme (loaded once)");
    assertThat(shared.stampedeThreads()).isEqualTo(32);
    assertThat(shared.stampedeCalls()).isEqualTo(1);
    assertThat(shared.callsByNewReplica()).isZero();
    assertThat(output).contains("9. Mode shared: one replica's load serves the others")
        .containsPattern("3 \\(new\\) +acme: get\\(espresso\\), globex: get\\(latte\\) +"
            + "espresso for acme \\(loaded once\\) +0");
  }
}
