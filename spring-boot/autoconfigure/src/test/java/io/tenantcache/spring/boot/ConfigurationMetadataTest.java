package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IDE metadata the configuration processor writes for the {@code tenantcache.*} keys. */
final class ConfigurationMetadataTest {
  /**
   * HOCON sections whose keys are bound by another part of the starter under the same names
   * (Micrometer meters: tenantcache.metrics.*).
   */
  @Test
  void metadata_listsEveryTenancyProperty_withItsTypeAndDefault() throws Exception {
    String json = metadata();

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

  /** A key added to reference.conf without a property fails here. */
  @Test
  void metadata_listsEveryKeyOfTheProvidersHoconReference_underTheSameName() throws Exception {
    String json = metadata();
    List<String> names = JsonPath.read(json, "$.properties[*].name");
    ConfigObject reference = ConfigFactory.parseResources(
        getClass().getClassLoader(), "reference.conf").root();
    List<String> keys = new ArrayList<>();
    leaves("", reference, keys);
    assertThat(keys).as("reference.conf's keys").contains("tenantcache.tenancy.resolver",
        "tenantcache.default.resilience.retry.max-attempts", "tenantcache.cluster.lease-wait",
        "tenantcache.caches");

    List<String> expected = keys.stream()
        .toList();
    assertThat(names).containsAll(expected);
    // Each cache under tenantcache.caches.<name> takes the keys of tenantcache.default.
    List<String> cachesType =
        JsonPath.read(json, "$.properties[?(@.name == 'tenantcache.caches')].type");
    assertThat(cachesType).containsExactly(
        "java.util.Map<java.lang.String," + CacheSettings.class.getName() + ">");
    List<String> defaultType =
        JsonPath.read(json, "$.groups[?(@.name == 'tenantcache.default')].type");
    assertThat(defaultType).containsExactly(CacheSettings.class.getName());
  }

  /** Collects the paths of the leaves (values, lists, empty sections) under {@code object}. */
  private static void leaves(String prefix, ConfigObject object, List<String> into) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      String path = prefix + entry.getKey();
      ConfigValue value = entry.getValue();
      if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
        leaves(path + ".", (ConfigObject) value, into);
      } else {
        into.add(path);
      }
    }
  }

  private static String metadata() throws Exception {
    Path classes = Path.of(TenantCacheBootProperties.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    return Files.readString(classes.resolve("META-INF/spring-configuration-metadata.json"));
  }
}
