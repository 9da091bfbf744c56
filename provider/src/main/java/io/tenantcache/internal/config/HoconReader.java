package io.tenantcache.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tenantcache.MissingTenantPolicy;
import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheConfigurationException;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import io.tenantcache.Tenants;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a configuration file with Typesafe Config: parses it, layers it over reference.conf and
 * resolves the result (as {@code ConfigFactory.load} does, minus system properties and
 * application.conf), checks its keys, then reads the manager properties and the declared caches.
 * The only class that {@link DeclarativeConfiguration} calls into here, so Typesafe Config is
 * loaded only when there is a file.
 *
 * <p>Where it matters whether the file itself sets something (manager properties are passed on
 * only when set; resilience sections are on only when present; the most specific block that
 * mentions a size or quota setting decides), that is asked of {@link Declared}: the file resolved
 * on its own.
 */
final class HoconReader {
  static final String METRICS_ENABLED = "tenantcache.metrics.enabled";
  static final String METRICS_TENANT_TAG = "tenantcache.metrics.tenant-tag";
  static final String METRICS_TENANT_CAP = "tenantcache.metrics.tenant-cap";
  static final String MANAGEMENT_TENANT_TABLE_SIZE = "tenantcache.management.tenant-table-size";

  private HoconReader() {}

  /**
   * Reads {@code source} with {@code overlay} (HOCON text) layered over it, either of them
   * possibly absent, loading the classes they name with {@code classLoader}.
   *
   * @throws TenantCacheConfigurationException for every problem, Typesafe Config's included
   */
  static DeclarativeConfiguration read(@Nullable ConfigurationSource source,
      @Nullable String overlay, ClassLoader classLoader) {
    String description = (source == null) ? DeclarativeConfiguration.OVERLAY
        : (overlay == null) ? source.description()
        : source.description() + " under " + DeclarativeConfiguration.OVERLAY;
    try {
      Config reference = reference(classLoader);
      Config parsed = (source == null) ? ConfigFactory.empty() : parse(source, classLoader);
      if (overlay != null) {
        parsed = ConfigFactory.parseString(overlay, ConfigParseOptions.defaults()
            .setOriginDescription(DeclarativeConfiguration.OVERLAY)
            .setClassLoader(classLoader)).withFallback(parsed);
      }
      Config full = parsed.withFallback(reference).resolve(ConfigResolveOptions.defaults());
      Declared declared = new Declared(parsed);
      Schema.check(full, reference);
      Map<String, String> properties = managerProperties(full, declared, classLoader);
      Map<String, TenantCacheConfiguration<?, ?>> caches =
          caches(full, declared, reference, classLoader);
      return new DeclarativeConfiguration(description, properties, caches);
    } catch (ConfigException e) {
      throw new TenantCacheConfigurationException("cannot read the TenantCache configuration "
          + description + ": " + e.getMessage(), e);
    }
  }

  /** Returns the provider's reference.conf, only its {@code tenantcache} tree, resolved. */
  private static Config reference(ClassLoader classLoader) {
    Config reference = ConfigFactory.parseResources(classLoader, "reference.conf")
        .withOnlyPath(Schema.ROOT);
    if (!reference.hasPath(CacheBlock.DEFAULT_PATH)) { // a class loader that hides the provider's
      ClassLoader own = HoconReader.class.getClassLoader();
      if (own != null) {
        reference = ConfigFactory.parseResources(own, "reference.conf").withOnlyPath(Schema.ROOT);
      }
    }
    if (!reference.hasPath(CacheBlock.DEFAULT_PATH)) {
      throw new TenantCacheConfigurationException("TenantCache's reference.conf (with "
          + CacheBlock.DEFAULT_PATH + ") is not on the classpath; a fat jar must keep it: merge "
          + "(append) all reference.conf files when building one", null);
    }
    return reference.resolve();
  }

  private static Config parse(ConfigurationSource source, ClassLoader classLoader) {
    ConfigParseOptions options = ConfigParseOptions.defaults()
        .setAllowMissing(false)
        .setClassLoader(classLoader);
    return switch (source.kind()) {
      case RESOURCE -> ConfigFactory.parseResources(classLoader, source.location(), options);
      case FILE -> ConfigFactory.parseFile(new File(source.location()), options);
      case URL -> {
        try {
          yield ConfigFactory.parseURL(URI.create(source.location()).toURL(), options);
        } catch (MalformedURLException e) {
          throw new TenantCacheConfigurationException("'" + source.location()
              + "' is not a URL that can be read: " + e.getMessage(), e);
        }
      }
    };
  }

  /** Reads the manager settings the file sets, as manager properties. */
  private static Map<String, String> managerProperties(Config full, Declared declared,
      ClassLoader classLoader) {
    Map<String, String> properties = new LinkedHashMap<>();
    Setting resolver = set(full, declared, TenantCacheProperties.TENANT_RESOLVER);
    if (resolver != null) {
      properties.put(resolver.path(), Values.implementation(resolver, classLoader,
          TenantResolver.class, Values.classAllowed(TenantResolver.class)).getName());
    }
    Setting missing = set(full, declared, TenantCacheProperties.MISSING_TENANT);
    if (missing != null) {
      List<String> policies = new ArrayList<>();
      for (MissingTenantPolicy policy : MissingTenantPolicy.values()) {
        policies.add(policy.name().toLowerCase(Locale.ROOT));
      }
      properties.put(missing.path(), Values.choice(missing, policies));
    }
    Setting defaultTenant = set(full, declared, TenantCacheProperties.DEFAULT_TENANT);
    if (defaultTenant != null) {
      String allowed = "a tenant id: non-blank, at most 256 characters, no control characters";
      String tenant = Values.string(defaultTenant, allowed);
      try {
        properties.put(defaultTenant.path(), Tenants.validate(tenant));
      } catch (IllegalArgumentException e) {
        throw defaultTenant.invalid(String.valueOf(e.getMessage()), allowed, e);
      }
    }
    Setting enabled = set(full, declared, METRICS_ENABLED);
    if (enabled != null) {
      properties.put(enabled.path(), String.valueOf(Values.bool(enabled)));
    }
    Setting tenantTag = set(full, declared, METRICS_TENANT_TAG);
    if (tenantTag != null) {
      properties.put(tenantTag.path(), String.valueOf(Values.bool(tenantTag)));
    }
    Setting tenantCap = set(full, declared, METRICS_TENANT_CAP);
    if (tenantCap != null) {
      properties.put(tenantCap.path(), String.valueOf(Values.wholeInt(tenantCap, 0,
          "a whole number >= 0 (at most " + Values.INT_MAX + ")")));
    }
    Setting loadSlo = set(full, declared, TenantCacheProperties.METRICS_LOAD_SLO);
    if (loadSlo != null) {
      // As the property's text form: ISO-8601 durations separated by commas.
      properties.put(loadSlo.path(), String.join(", ", Values.durations(loadSlo,
          "a list of positive durations, e.g. [1ms, 10ms, 100ms, 1s]").stream()
          .map(Duration::toString).toList()));
    }
    for (String path : List.of(TenantCacheProperties.CLUSTER_REDIS_URI,
        TenantCacheProperties.CLUSTER_NAMESPACE)) {
      Setting text = set(full, declared, path);
      if (text != null) {
        properties.put(text.path(), Values.string(text, "a text"));
      }
    }
    Setting clusterMode = set(full, declared, TenantCacheProperties.CLUSTER_MODE);
    if (clusterMode != null) {
      properties.put(clusterMode.path(), Values.choice(clusterMode,
          List.of("invalidate", "local", "shared")));
    }
    Setting onPublishFailure =
        set(full, declared, TenantCacheProperties.CLUSTER_ON_PUBLISH_FAILURE);
    if (onPublishFailure != null) {
      properties.put(onPublishFailure.path(), Values.choice(onPublishFailure,
          List.of("defer", "fail")));
    }
    for (String path : List.of(TenantCacheProperties.CLUSTER_MAX_STALENESS,
        TenantCacheProperties.CLUSTER_LEASE_WAIT)) {
      Setting duration = set(full, declared, path);
      if (duration != null) {
        properties.put(duration.path(), Values.duration(duration, Duration.ofNanos(1),
            "a positive duration, e.g. 2s").toString());
      }
    }
    Setting outbox = set(full, declared, TenantCacheProperties.CLUSTER_OUTBOX_CAPACITY);
    if (outbox != null) {
      properties.put(outbox.path(), String.valueOf(Values.wholeInt(outbox, 1,
          "a whole number >= 1 (at most " + Values.INT_MAX + ")")));
    }
    Setting tableSize = set(full, declared, MANAGEMENT_TENANT_TABLE_SIZE);
    if (tableSize != null) {
      properties.put(tableSize.path(), String.valueOf(Values.wholeInt(tableSize, 1,
          "a whole number >= 1 (at most " + Values.INT_MAX + ")")));
    }
    return properties;
  }

  /** Returns the setting at {@code path} if the file sets it to something other than null. */
  private static @Nullable Setting set(Config full, Declared declared, String path) {
    return (full.hasPath(path) && declared.has(path))
        ? new Setting(path, full.getValue(path), full, path) : null;
  }

  /** Reads the declared caches, in the order of the file. */
  private static Map<String, TenantCacheConfiguration<?, ?>> caches(Config full, Declared declared,
      Config reference, ClassLoader classLoader) {
    String cachesPath = Schema.ROOT + "." + Schema.CACHES;
    Map<String, TenantCacheConfiguration<?, ?>> caches = new LinkedHashMap<>();
    if (!full.hasPath(cachesPath)) {
      return caches;
    }
    Config defaults = full.hasPath(CacheBlock.DEFAULT_PATH)
        ? full.getConfig(CacheBlock.DEFAULT_PATH) : ConfigFactory.empty();
    Config declaredDefaults = declared.block(CacheBlock.DEFAULT_PATH);
    Config referenceDefaults = reference.getConfig(CacheBlock.DEFAULT_PATH);
    ConfigObject blocks = full.getObject(cachesPath);
    List<Map.Entry<String, ConfigValue>> inOrder = new ArrayList<>(blocks.entrySet());
    inOrder.sort(Comparator
        .comparingInt((Map.Entry<String, ConfigValue> e) -> line(e.getValue()))
        .thenComparing(Map.Entry::getKey));
    for (Map.Entry<String, ConfigValue> entry : inOrder) {
      if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
        continue; // null: not declared (Schema rejected anything else)
      }
      String path = ConfigUtil.joinPath(Schema.ROOT, Schema.CACHES, entry.getKey());
      CacheBlock block = new CacheBlock(entry.getKey(),
          new CacheBlock.Layer(path, declared.block(path),
              ((ConfigObject) entry.getValue()).toConfig()),
          new CacheBlock.Layer(CacheBlock.DEFAULT_PATH, declaredDefaults, defaults),
          referenceDefaults, classLoader);
      caches.put(entry.getKey(), block.read());
    }
    return caches;
  }

  private static int line(ConfigValue value) {
    int line = value.origin().lineNumber();
    return (line < 0) ? Integer.MAX_VALUE : line;
  }
}
