package io.tenantcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.tenantcache.spring.boot.TenantCacheBootProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IDE metadata of the {@code tenantcache.metrics.*} keys. */
final class MetricsPropertiesMetadataTest {
  @Test
  void metadata_listsEveryMetricsProperty_withItsDefaultAndDescription() throws Exception {
    Path classes = Path.of(TenantCacheBootProperties.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    String json = Files.readString(classes.resolve("META-INF/spring-configuration-metadata.json"));

    assertThat(defaultOf(json, "tenantcache.metrics.enabled")).containsExactly(true);
    assertThat(defaultOf(json, "tenantcache.metrics.tenant-tag")).containsExactly(true);
    assertThat(defaultOf(json, "tenantcache.metrics.tenant-cap")).containsExactly(100);
    assertThat(defaultOf(json, "tenantcache.metrics.load-histogram")).containsExactly(false);
    List<String> sloType = JsonPath.read(json,
        "$.properties[?(@.name == 'tenantcache.metrics.load-slo')].type");
    assertThat(sloType).containsExactly("java.util.List<java.time.Duration>");
    List<String> descriptions = JsonPath.read(json,
        "$.properties[?(@.name =~ /tenantcache\\.metrics\\..*/)].description");
    assertThat(descriptions).hasSize(5).allSatisfy(d -> assertThat(d).isNotBlank());
  }

  private static List<Object> defaultOf(String json, String name) {
    return JsonPath.read(json, "$.properties[?(@.name == '" + name + "')].defaultValue");
  }
}
