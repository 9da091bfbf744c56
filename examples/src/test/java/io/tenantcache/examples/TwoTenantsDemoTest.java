package io.tenantcache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TwoTenantsDemoTest {
  @Test
  void demo_loadsEachKeyOncePerTenant_andServesEachTenantItsOwnValue() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<String, Integer> loads;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      loads = TwoTenantsDemo.run(out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(loads).containsExactlyInAnyOrderEntriesOf(Map.of("acme", 2, "globex", 2));
    assertThat(output)
        .contains("[acme] get(alice) -> alice@acme")
        .contains("[globex] get(alice) -> alice@globex")
        .contains("Tenants holding entries: ")
        .containsPattern("CacheHits\\s+6")
        .containsPattern("CacheMisses\\s+4");
  }
}
