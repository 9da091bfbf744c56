package io.tenantcache.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueType;

/**
 * What the file itself sets, apart from reference.conf's defaults: the file resolved on its own,
 * leaving unresolved what only reference.conf could resolve. A setting that is still a
 * substitution counts as set (the file wrote something there); one whose optional substitution
 * found nothing ({@code x = ${?ENV}}) does not.
 */
final class Declared {
  private final Config file;

  Declared(Config parsed) {
    this.file = parsed.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
  }

  /** Returns whether the file sets {@code path} (to anything, null included). */
  boolean has(String path) {
    return has(file, path);
  }

  /** Returns the block at {@code path} as the file writes it, or an empty one. */
  Config block(String path) {
    try {
      return hasBlock(file, path) ? file.getConfig(path) : ConfigFactory.empty();
    } catch (ConfigException.NotResolved e) { // a block that is a substitution of reference.conf's
      return ConfigFactory.empty();
    }
  }

  /** Returns whether {@code config} sets {@code path} (to anything, null included). */
  static boolean has(Config config, String path) {
    try {
      return config.hasPathOrNull(path);
    } catch (ConfigException.NotResolved e) {
      return true;
    }
  }

  /** Returns whether {@code config} has a block (not null) at {@code path}. */
  static boolean hasBlock(Config config, String path) {
    try {
      return config.hasPath(path) && config.getValue(path).valueType() == ConfigValueType.OBJECT;
    } catch (ConfigException.NotResolved e) {
      return true;
    }
  }
}
