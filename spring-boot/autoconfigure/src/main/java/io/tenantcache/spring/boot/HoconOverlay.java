package io.tenantcache.spring.boot;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the {@code tenantcache.*} properties that are keys of the provider's declarative
 * configuration into that configuration's text (JSON, which is HOCON), for the manager property
 * {@value TenantCacheProperties#CONFIGURATION}. Only the properties that are set are written, so
 * the provider's own rules about what a file sets (a resilience section is on when present, the
 * most specific block that sets a bound decides) apply to them unchanged. Values are written as
 * the provider reads them: durations in milliseconds (or nanoseconds when finer), enums in lower
 * case, the rest as bound.
 *
 * <p>Stateless; thread-safe.
 */
final class HoconOverlay {
  private HoconOverlay() {}

  /**
   * Returns the HOCON text of the set properties of {@code settings} and of {@code resolver} (the
   * class name of tenantcache.tenancy.resolver), or null when none is set.
   */
  static @Nullable String of(TenantCacheSettingsProperties settings, @Nullable String resolver) {
    requireNonNull(settings, "settings");
    Map<String, Object> root = new LinkedHashMap<>();
    if (resolver != null) {
      root.put("tenancy", Map.of("resolver", resolver));
    }
    putIfNotEmpty(root, "management", management(settings.management()));
    putIfNotEmpty(root, "cluster", cluster(settings.cluster()));
    putIfNotEmpty(root, "default", cache(settings.defaults()));
    Map<String, Object> caches = new LinkedHashMap<>();
    // A cache named without a setting is declared all the same: it exists once the app starts.
    settings.caches().forEach((name, cache) -> caches.put(name, cache(cache)));
    putIfNotEmpty(root, "caches", caches);
    return root.isEmpty() ? null : json(Map.of("tenantcache", root));
  }

  private static Map<String, Object> management(TenantCacheSettingsProperties.@Nullable Management
      management) {
    Map<String, Object> block = new LinkedHashMap<>();
    if (management != null) {
      put(block, "tenant-table-size", management.tenantTableSize());
    }
    return block;
  }

  private static Map<String, Object> cluster(TenantCacheSettingsProperties.@Nullable Cluster
      cluster) {
    Map<String, Object> block = new LinkedHashMap<>();
    if (cluster == null) {
      return block;
    }
    if (cluster.redis() != null) {
      Map<String, Object> redis = new LinkedHashMap<>();
      put(redis, "uri", cluster.redis().uri());
      putIfNotEmpty(block, "redis", redis);
    }
    put(block, "namespace", cluster.namespace());
    put(block, "mode", cluster.mode());
    put(block, "max-staleness", cluster.maxStaleness());
    put(block, "outbox-capacity", cluster.outboxCapacity());
    put(block, "on-publish-failure", cluster.onPublishFailure());
    put(block, "lease-wait", cluster.leaseWait());
    return block;
  }

  private static Map<String, Object> cache(@Nullable CacheSettings cache) {
    Map<String, Object> block = new LinkedHashMap<>();
    if (cache == null) {
      return block;
    }
    put(block, "key-type", cache.keyType());
    put(block, "value-type", cache.valueType());
    put(block, "maximum-size", cache.maximumSize());
    put(block, "maximum-weight", cache.maximumWeight());
    put(block, "weigher", cache.weigher());
    put(block, "maximum-size-per-tenant", cache.maximumSizePerTenant());
    put(block, "maximum-tenant-share", cache.maximumTenantShare());
    put(block, "store-by-value", cache.storeByValue());
    put(block, "serial-filter", cache.serialFilter());
    put(block, "refresh-after-write", cache.refreshAfterWrite());
    put(block, "cluster-mode", cache.clusterMode());
    put(block, "value-codec", cache.valueCodec());
    CacheSettings.Expiry expiry = cache.expiry();
    if (expiry != null) {
      Map<String, Object> section = new LinkedHashMap<>();
      put(section, "created", expiry.created());
      put(section, "accessed", expiry.accessed());
      put(section, "updated", expiry.updated());
      putIfNotEmpty(block, "expiry", section);
    }
    CacheSettings.ReadThrough readThrough = cache.readThrough();
    if (readThrough != null) {
      Map<String, Object> section = new LinkedHashMap<>();
      put(section, "loader", readThrough.loader());
      put(section, "enabled", readThrough.enabled());
      putIfNotEmpty(block, "read-through", section);
    }
    CacheSettings.WriteThrough writeThrough = cache.writeThrough();
    if (writeThrough != null) {
      Map<String, Object> section = new LinkedHashMap<>();
      put(section, "writer", writeThrough.writer());
      putIfNotEmpty(block, "write-through", section);
    }
    List<CacheSettings.Listener> listeners = cache.listeners();
    if (listeners != null) {
      List<Object> list = new ArrayList<>();
      for (CacheSettings.Listener listener : listeners) {
        Map<String, Object> entry = new LinkedHashMap<>();
        put(entry, "class", listener.className());
        put(entry, "filter", listener.filter());
        put(entry, "old-value-required", listener.oldValueRequired());
        put(entry, "synchronous", listener.synchronous());
        list.add(entry);
      }
      block.put("listeners", list);
    }
    put(block, "statistics", cache.statistics());
    put(block, "management", cache.management());
    putIfNotEmpty(block, "resilience", resilience(cache.resilience()));
    return block;
  }

  private static Map<String, Object> resilience(@Nullable ResilienceSettings resilience) {
    Map<String, Object> block = new LinkedHashMap<>();
    if (resilience == null) {
      return block;
    }
    put(block, "timeout", resilience.timeout());
    ResilienceSettings.Retry retry = resilience.retry();
    if (retry != null) {
      Map<String, Object> section = new LinkedHashMap<>();
      put(section, "max-attempts", retry.maxAttempts());
      put(section, "wait", retry.waitDuration());
      put(section, "backoff-multiplier", retry.backoffMultiplier());
      put(section, "jitter", retry.jitter());
      put(section, "retry-on", retry.retryOn());
      put(section, "ignore", retry.ignore());
      block.put("retry", section); // present, even empty: retry on with the defaults
    }
    ResilienceSettings.CircuitBreaker breaker = resilience.circuitBreaker();
    if (breaker != null) {
      Map<String, Object> section = new LinkedHashMap<>();
      put(section, "scope", breaker.scope());
      put(section, "failure-rate-threshold", breaker.failureRateThreshold());
      put(section, "slow-call-rate-threshold", breaker.slowCallRateThreshold());
      put(section, "slow-call-duration", breaker.slowCallDuration());
      put(section, "sliding-window-size", breaker.slidingWindowSize());
      put(section, "minimum-number-of-calls", breaker.minimumNumberOfCalls());
      put(section, "wait-in-open", breaker.waitInOpen());
      put(section, "permitted-calls-in-half-open", breaker.permittedCallsInHalfOpen());
      block.put("circuit-breaker", section);
    }
    ResilienceSettings.Bulkhead bulkhead = resilience.bulkhead();
    if (bulkhead != null) {
      Map<String, Object> section = new LinkedHashMap<>();
      put(section, "scope", bulkhead.scope());
      put(section, "max-concurrent-calls", bulkhead.maxConcurrentCalls());
      put(section, "max-wait", bulkhead.maxWait());
      block.put("bulkhead", section);
    }
    put(block, "stale-if-error", resilience.staleIfError());
    put(block, "fallback", resilience.fallback());
    put(block, "store-fallback", resilience.storeFallback());
    return block;
  }

  private static void put(Map<String, Object> block, String key, @Nullable Object value) {
    if (value instanceof Duration duration) {
      block.put(key, hocon(duration));
    } else if (value instanceof Enum<?> constant) {
      block.put(key, constant.name().toLowerCase(Locale.ROOT));
    } else if (value != null) {
      block.put(key, value);
    }
  }

  private static void putIfNotEmpty(Map<String, Object> block, String key,
      Map<String, Object> section) {
    if (!section.isEmpty()) {
      block.put(key, section);
    }
  }

  /** A duration as HOCON writes it; negative ones too, so that the provider names them. */
  static String hocon(Duration duration) {
    long nanos = duration.toNanos();
    return (nanos % 1_000_000 == 0) ? (nanos / 1_000_000) + "ms" : nanos + "ns";
  }

  /** Renders maps, lists, strings, numbers and booleans as JSON. */
  static String json(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator);
        quote(out, String.valueOf(entry.getKey()));
        out.append(':');
        write(out, requireNonNull(entry.getValue(), "value"));
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      String separator = "";
      for (Object element : list) {
        out.append(separator);
        write(out, requireNonNull(element, "element"));
        separator = ",";
      }
      out.append(']');
    } else if (value instanceof Double number && !Double.isFinite(number)) {
      quote(out, number.toString()); // not JSON's; the provider names it as not a number
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      quote(out, value.toString());
    }
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
