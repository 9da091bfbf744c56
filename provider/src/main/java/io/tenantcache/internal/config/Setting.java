package io.tenantcache.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.tenantcache.TenantCacheConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * One setting's value, with the full path that error messages name and the {@link Config} (plus
 * the path inside it) that Typesafe Config's typed getters read it from.
 *
 * @param path the full path, e.g. {@code tenantcache.caches.users.maximum-size}
 * @param value the value (a {@code ConfigNull} when the setting is null)
 * @param source the config that holds the value
 * @param sourcePath the value's path inside {@code source}
 */
record Setting(String path, ConfigValue value, Config source, String sourcePath) {
  private static final int MAX_RENDERED = 120;

  /** Returns the setting at {@code sourcePath} of {@code source}, or null if it is absent. */
  static @Nullable Setting find(String path, Config source, String sourcePath) {
    if (!source.hasPathOrNull(sourcePath)) {
      return null;
    }
    return new Setting(path, valueOrNull(source, sourcePath), source, sourcePath);
  }

  /** Returns the value at {@code path}, or a null value when it is null or absent. */
  static ConfigValue valueOrNull(Config config, String path) {
    return config.hasPath(path) ? config.getValue(path) : ConfigValueFactory.fromAnyRef(null);
  }

  /** Returns whether the setting is null ("not set"). */
  boolean isNull() {
    return value.valueType() == ConfigValueType.NULL;
  }

  /** Returns the setting's value as the file would write it, shortened if long. */
  String rendered() {
    return render(value);
  }

  /**
   * Returns the exception for a bad value of this setting.
   *
   * @param problem what is wrong with the value
   * @param allowed what the setting allows
   */
  TenantCacheConfigurationException invalid(String problem, String allowed) {
    return invalid(problem, allowed, null);
  }

  /** Like {@link #invalid(String, String)}, keeping the cause. */
  TenantCacheConfigurationException invalid(String problem, String allowed,
      @Nullable Throwable cause) {
    return new TenantCacheConfigurationException(path, path + " = " + rendered() + ": " + problem
        + "; allowed: " + allowed + where(value), cause);
  }

  /** Renders a value concisely, as JSON, shortened if long. */
  static String render(ConfigValue value) {
    String text = (value.valueType() == ConfigValueType.NULL) ? "null"
        : value.render(ConfigRenderOptions.concise());
    return (text.length() <= MAX_RENDERED) ? text : text.substring(0, MAX_RENDERED) + "...";
  }

  /** Returns " (at file: line)" for a value from a file, else "". */
  static String where(ConfigValue value) {
    ConfigOrigin origin = value.origin();
    if (origin == null || origin.lineNumber() < 0) {
      return "";
    }
    return " (at " + origin.description() + ")";
  }
}
