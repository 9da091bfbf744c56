package io.tenantcache.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tenantcache.TenantCacheConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Checks the shape of a configuration against {@code reference.conf}: every key must be one that
 * reference.conf has at that place (a cache block has the keys of its {@code default} block),
 * sections must be objects, lists must be lists. Any section may be null ("not configured").
 * Values themselves are checked when they are read.
 */
final class Schema {
  static final String ROOT = "tenantcache";
  static final String DEFAULT = "default";
  static final String CACHES = "caches";
  static final String LISTENERS = "listeners";

  /** The keys of one listener object in a {@code listeners} list. */
  static final Set<String> LISTENER_KEYS =
      Set.of("class", "filter", "old-value-required", "synchronous");

  private Schema() {}

  /** Checks {@code user}'s {@value #ROOT} tree against {@code reference}'s. */
  static void check(Config user, Config reference) {
    ConfigValue root = user.root().get(ROOT);
    if (root == null) {
      return;
    }
    ConfigObject schema = reference.getObject(ROOT);
    requireSection(ROOT, root, schema);
    if (root.valueType() == ConfigValueType.NULL) {
      return;
    }
    ConfigObject rootObject = (ConfigObject) root;
    ConfigObject cacheSchema = reference.getObject(ROOT + "." + DEFAULT);
    for (Map.Entry<String, ConfigValue> entry : rootObject.entrySet()) {
      String path = ConfigUtil.joinPath(ROOT, entry.getKey());
      ConfigValue value = entry.getValue();
      ConfigValue expected = schema.get(entry.getKey());
      if (expected == null) {
        throw unknownKey(path, entry.getKey(), value, schema.keySet(), "");
      }
      if (entry.getKey().equals(CACHES)) {
        checkCaches(path, value, expected, cacheSchema);
      } else {
        checkValue(path, value, expected, false);
      }
    }
  }

  private static void checkCaches(String path, ConfigValue caches, ConfigValue schema,
      ConfigObject cacheSchema) {
    requireSection(path, caches, schema);
    if (caches.valueType() == ConfigValueType.NULL) {
      return;
    }
    for (Map.Entry<String, ConfigValue> cache : ((ConfigObject) caches).entrySet()) {
      String cachePath = ConfigUtil.joinPath(ROOT, CACHES, cache.getKey());
      if (cache.getValue().valueType() != ConfigValueType.OBJECT
          && cache.getValue().valueType() != ConfigValueType.NULL) {
        throw invalid(cachePath, cache.getValue(), "a cache is declared with a block",
            "a block of cache settings: " + cache.getKey() + " { maximum-size = 10000, ... }");
      }
      checkValue(cachePath, cache.getValue(), cacheSchema, true);
    }
  }

  private static void checkValue(String path, ConfigValue value, ConfigValue schema,
      boolean cacheBlock) {
    if (value.valueType() == ConfigValueType.NULL) {
      return;
    }
    if (schema.valueType() == ConfigValueType.OBJECT) {
      requireSection(path, value, schema);
      ConfigObject section = (ConfigObject) value;
      ConfigObject known = (ConfigObject) schema;
      for (Map.Entry<String, ConfigValue> entry : section.entrySet()) {
        String childPath = path + "." + ConfigUtil.joinPath(entry.getKey());
        ConfigValue expected = known.get(entry.getKey());
        if (expected == null) {
          String hint = (cacheBlock && entry.getValue().valueType() == ConfigValueType.OBJECT)
              ? " (a cache name that contains dots must be quoted, e.g. caches { \""
                  + dottedName(lastKey(path), entry.getKey(), entry.getValue(), known)
                  + "\" { ... } })"
              : "";
          throw unknownKey(childPath, entry.getKey(), entry.getValue(), known.keySet(), hint);
        }
        checkValue(childPath, entry.getValue(), expected, false);
      }
    } else if (schema.valueType() == ConfigValueType.LIST) {
      if (value.valueType() != ConfigValueType.LIST) {
        throw invalid(path, value, "not a list", "a list [ ... ]");
      }
      if (path.endsWith("." + LISTENERS)) {
        checkListeners(path, (ConfigList) value);
      }
    }
  }

  private static void checkListeners(String path, ConfigList listeners) {
    for (int i = 0; i < listeners.size(); i++) {
      String elementPath = path + "[" + i + "]";
      ConfigValue listener = listeners.get(i);
      if (listener.valueType() != ConfigValueType.OBJECT) {
        throw invalid(elementPath, listener, "a listener is an object", "{ class = \"com.example"
            + ".MyListener\", filter = null, old-value-required = false, synchronous = false }");
      }
      for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) listener).entrySet()) {
        if (!LISTENER_KEYS.contains(entry.getKey())) {
          throw unknownKey(elementPath + "." + ConfigUtil.joinPath(entry.getKey()),
              entry.getKey(), entry.getValue(), LISTENER_KEYS, "");
        }
      }
    }
  }

  private static void requireSection(String path, ConfigValue value, ConfigValue schema) {
    if (value.valueType() != ConfigValueType.OBJECT && value.valueType() != ConfigValueType.NULL) {
      List<String> keys = new ArrayList<>(new TreeSet<>(((ConfigObject) schema).keySet()));
      String allowed = keys.isEmpty() ? "a block { ... }"
          : "a block { ... } with the keys " + String.join(", ", keys) + ", or null";
      throw invalid(path, value, "not a block", allowed);
    }
  }

  private static TenantCacheConfigurationException invalid(String path, ConfigValue value,
      String problem, String allowed) {
    return new TenantCacheConfigurationException(path, path + " = " + Setting.render(value) + ": "
        + problem + "; allowed: " + allowed + Setting.where(value), null);
  }

  private static TenantCacheConfigurationException unknownKey(String path, String key,
      ConfigValue value, Set<String> known, String hint) {
    String suggestion = closest(key, known);
    return new TenantCacheConfigurationException(path, path + " = " + Setting.render(value)
        + ": unknown key '" + key + "'" + ((suggestion == null) ? "" : " (did you mean '"
        + suggestion + "'?)") + hint + "; allowed keys here: "
        + String.join(", ", new TreeSet<>(known)) + Setting.where(value), null);
  }

  /** Guesses the dotted cache name that HOCON split into nested blocks. */
  private static String dottedName(String cache, String key, ConfigValue value,
      ConfigObject known) {
    StringBuilder name = new StringBuilder(cache).append('.').append(key);
    ConfigValue current = value;
    while (current instanceof ConfigObject object && object.size() == 1) {
      String next = object.keySet().iterator().next();
      ConfigValue nested = object.get(next);
      if (known.containsKey(next) || nested == null
          || nested.valueType() != ConfigValueType.OBJECT) {
        break;
      }
      name.append('.').append(next);
      current = nested;
    }
    return name.toString();
  }

  private static String lastKey(String path) {
    List<String> parts = ConfigUtil.splitPath(path);
    return parts.get(parts.size() - 1);
  }

  /** Returns the known key nearest to {@code key} if it is near enough to be a typo. */
  static @Nullable String closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      int distance = distance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return (bestDistance <= Math.max(1, key.length() / 4)) ? best : null;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
