package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IDE metadata the configuration processor writes for the {@code tenantcache.*} keys. */
final class ConfigurationMetadataTest {
  @Test
  void metadata_listsEveryTenancyProperty_withItsTypeAndDefault() throws Exception {
    Path classes = Path.of(TenantCacheBootProperties.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    String json = Files.readString(classes.resolve("META-INF/spring-configuration-metadata.json"));

    List<String> names = JsonPath.read(json, "$.properties[*].name");
    assertThat(names).contains("tenantcache.tenancy.header",
        "tenantcache.tenancy.missing-tenant", "tenantcache.tenancy.default-tenant",
        "tenantcache.tenancy.jwt-claim");
    List<String> missingTenantType =
        JsonPath.read(json, "$.properties[?(@.name == 'tenantcache.tenancy.missing-tenant')].type");
    assertThat(missingTenantType).containsExactly("io.tenantcache.MissingTenantPolicy");
    List<String> defaultTenant = JsonPath.read(json,
        "$.properties[?(@.name == 'tenantcache.tenancy.default-tenant')].defaultValue");
    assertThat(defaultTenant).containsExactly("default");
    List<String> descriptions = JsonPath.read(json, "$.properties[*].description");
    assertThat(descriptions).hasSize(names.size()).allSatisfy(d -> assertThat(d).isNotBlank());
  }
}
