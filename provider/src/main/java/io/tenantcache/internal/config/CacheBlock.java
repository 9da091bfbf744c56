package io.tenantcache.internal.config;

import static io.tenantcache.internal.config.Values.classAllowed;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.tenantcache.EntryWeigher;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheConfigurationException;
import io.tenantcache.ValueCodec;
import java.util.List;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * One declared cache: its block layered over the {@code default} block (the file's over
 * reference.conf's), turned into a {@link TenantCacheConfiguration}.
 *
 * <p>A setting comes from the most specific layer that has it, as in HOCON's own merge (a null
 * section hides what is below it; reference.conf then supplies its defaults). Two pairs of
 * settings exclude each other, and the most specific block in which the file mentions either of a
 * pair decides: {@code maximum-size} / {@code maximum-weight}, and {@code maximum-size-per-tenant}
 * / {@code maximum-tenant-share}. Retry, circuit breaker and bulkhead are on when the file has
 * their section in the cache's block or the default block.
 */
final class CacheBlock {
  static final String DEFAULT_PATH = Schema.ROOT + "." + Schema.DEFAULT;

  private final String name;
  private final String path;
  private final Layer cache;
  private final Layer defaults;
  private final Config reference;
  private final Config effective;
  private final Config declared;
  private final ClassLoader classLoader;

  /**
   * @param cache the cache's block
   * @param defaults the default block (the file's over reference.conf's)
   * @param reference reference.conf's default block
   */
  CacheBlock(String name, Layer cache, Layer defaults, Config reference,
      ClassLoader classLoader) {
    this.name = name;
    this.path = cache.path;
    this.cache = cache;
    this.defaults = defaults;
    this.reference = reference;
    this.effective = cache.values.withFallback(defaults.values).withFallback(reference);
    this.declared = cache.declared.withFallback(defaults.declared);
    this.classLoader = classLoader;
  }

  /** Returns the full path of this cache's block. */
  String path() {
    return path;
  }

  ClassLoader classLoader() {
    return classLoader;
  }

  /** Returns the setting at {@code relative} (e.g. {@code expiry.created}) as the layers give it. */
  Setting get(String relative) {
    Setting setting = Setting.find(displayPath(relative), effective, relative);
    if (setting != null) {
      return setting;
    }
    // hidden by a null section: reference.conf's default
    return new Setting(DEFAULT_PATH + "." + relative, Setting.valueOrNull(reference, relative),
        reference, relative);
  }

  /** Returns whether the file has the section at {@code relative} (not null) for this cache. */
  boolean configured(String relative) {
    return Declared.hasBlock(declared, relative);
  }

  private String displayPath(String relative) {
    return (cache.values.hasPathOrNull(relative) ? path : DEFAULT_PATH) + "." + relative;
  }

  /** Returns the configuration this block declares. */
  TenantCacheConfiguration<?, ?> read() {
    if (name.isBlank()) {
      throw new TenantCacheConfigurationException(path, path + ": a cache name must not be blank; "
          + "allowed: a non-blank name", null);
    }
    String typeAllowed = "the name of a class, e.g. java.lang.String";
    Class<?> keyType = Values.loadClass(get("key-type"), classLoader, typeAllowed);
    Class<?> valueType = Values.loadClass(get("value-type"), classLoader, typeAllowed);
    return read(keyType, valueType);
  }

  private <K, V> TenantCacheConfiguration<K, V> read(Class<K> keyType, Class<V> valueType) {
    TenantCacheConfiguration.Builder<K, V> builder =
        TenantCacheConfiguration.builder(keyType, valueType);
    boolean weighed = bound(builder);
    quota(builder, weighed);
    builder.storeByValue(Values.bool(get("store-by-value")));
    serialFilter(builder);
    Setting refresh = get("refresh-after-write");
    if (!refresh.isNull()) {
      builder.refreshAfterWrite(Values.duration(refresh, java.time.Duration.ofNanos(1),
          "a positive duration, or null"));
    }
    Setting clusterMode = get("cluster-mode");
    if (!clusterMode.isNull()) {
      builder.clusterMode(io.tenantcache.ClusterMode.valueOf(Values.choice(clusterMode,
          List.of("invalidate", "local", "shared")).toUpperCase(java.util.Locale.ROOT)));
    }
    Setting valueCodec = get("value-codec");
    if (!valueCodec.isNull()) {
      Class<?> type = Values.implementation(valueCodec, classLoader, ValueCodec.class,
          classAllowed(ValueCodec.class));
      builder.valueCodec(new ClassFactory<ValueCodec>(valueCodec.path(), type.getName(),
          ValueCodec.class, classLoader));
    }
    expiry(builder);
    readThrough(builder);
    writeThrough(builder);
    listeners(builder);
    builder.statisticsEnabled(Values.bool(get("statistics")));
    builder.managementEnabled(Values.bool(get("management")));
    builder.resilience(new ResilienceReader(this).read());
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new TenantCacheConfigurationException(path, path + ": " + e.getMessage(), e);
    }
  }

  /** Sets the serial filter of store-by-value copies, if the block names one. */
  private void serialFilter(TenantCacheConfiguration.Builder<?, ?> builder) {
    Setting filter = get("serial-filter");
    if (filter.isNull()) {
      return;
    }
    String allowed = "a jdk.serialFilter pattern, e.g. \"com.example.**;java.base/*;!*\", or null";
    String pattern = Values.string(filter, allowed);
    try {
      builder.serialFilter(pattern);
    } catch (IllegalArgumentException e) {
      throw filter.invalid("not a valid serial filter (" + e.getMessage() + ")", allowed, e);
    }
  }

  /** Sets the size or weight bound; returns whether the cache is bounded by weight. */
  private <K, V> boolean bound(TenantCacheConfiguration.Builder<K, V> builder) {
    Layer layer = deciding("maximum-size", "maximum-weight");
    Setting size = layer.get("maximum-size");
    Setting weight = layer.get("maximum-weight");
    if (!weight.isNull()) {
      if (!size.isNull()) {
        throw weight.invalid("maximum-size is also set in this block (" + size.path() + " = "
            + size.rendered() + "); a cache is bounded by size or by weight",
            "one of maximum-size and maximum-weight per block (the other null)");
      }
      long maximum = Values.weight(weight, "a whole number >= 0, or a size such as 512MiB");
      Setting weigherSetting = get("weigher");
      String allowed = classAllowed(EntryWeigher.class);
      if (weigherSetting.isNull()) {
        throw layer.get("weigher").invalid("maximum-weight (" + weight.path() + ") needs a "
            + "weigher", allowed);
      }
      @SuppressWarnings("unchecked")
      EntryWeigher<Object, Object> weigher =
          Values.instance(weigherSetting, classLoader, EntryWeigher.class, allowed);
      builder.maximumWeight(maximum, weigher);
      return true;
    }
    if (!size.isNull()) {
      builder.maximumSize(Values.wholeNumber(size, 0, Long.MAX_VALUE, "a whole number >= 0"));
    }
    Setting weigher = get("weigher");
    if (!weigher.isNull()) { // not used by a size bound, but a typo should not wait
      Values.implementation(weigher, classLoader, EntryWeigher.class,
          classAllowed(EntryWeigher.class));
    }
    return false;
  }

  private <K, V> void quota(TenantCacheConfiguration.Builder<K, V> builder, boolean weighed) {
    Layer layer = deciding("maximum-size-per-tenant", "maximum-tenant-share");
    Setting perTenant = layer.get("maximum-size-per-tenant");
    Setting share = layer.get("maximum-tenant-share");
    if (!perTenant.isNull() && !share.isNull()) {
      throw share.invalid("maximum-size-per-tenant is also set in this block ("
          + perTenant.path() + " = " + perTenant.rendered() + ")",
          "one of maximum-size-per-tenant and maximum-tenant-share per block (the other null)");
    }
    if (!perTenant.isNull()) {
      builder.maximumSizePerTenant(Values.wholeNumber(perTenant, 1, Long.MAX_VALUE,
          "a whole number >= 1, or null for no quota"));
    } else if (!share.isNull()) {
      String allowed = "a number > 0 and <= 1 (a share of maximum-size, e.g. 0.25), or null";
      double value = Values.decimal(share, x -> x > 0 && x <= 1, allowed);
      if (weighed) {
        throw share.invalid("a share of maximum-size, but this cache is bounded by "
            + "maximum-weight", "null here; with maximum-weight use maximum-size-per-tenant");
      }
      builder.maximumTenantShare(value);
    }
  }

  private <K, V> void expiry(TenantCacheConfiguration.Builder<K, V> builder) {
    Duration created = expiryDuration("expiry.created");
    Duration accessed = expiryDuration("expiry.accessed");
    Duration updated = expiryDuration("expiry.updated");
    if (created != null || accessed != null || updated != null) {
      builder.expiryPolicy(ConfiguredExpiryPolicy.factoryOf(created, accessed, updated));
    }
  }

  private @Nullable Duration expiryDuration(String relative) {
    Setting setting = get(relative);
    return setting.isNull() ? null : Values.expiry(setting,
        "a duration >= 0 such as 30s, 10m or 2h, eternal, or null for unset");
  }

  private <K, V> void readThrough(TenantCacheConfiguration.Builder<K, V> builder) {
    Setting loader = get("read-through.loader");
    boolean enabled = Values.bool(get("read-through.enabled"));
    if (!loader.isNull()) {
      Class<?> type = Values.implementation(loader, classLoader, CacheLoader.class,
          classAllowed(CacheLoader.class));
      builder.loader(new ClassFactory<CacheLoader<K, V>>(loader.path(), type.getName(),
          CacheLoader.class, classLoader));
      builder.readThrough(enabled);
    }
  }

  private <K, V> void writeThrough(TenantCacheConfiguration.Builder<K, V> builder) {
    Setting writer = get("write-through.writer");
    if (!writer.isNull()) {
      Class<?> type = Values.implementation(writer, classLoader, CacheWriter.class,
          classAllowed(CacheWriter.class));
      builder.writeThrough(new ClassFactory<CacheWriter<? super K, ? super V>>(writer.path(),
          type.getName(), CacheWriter.class, classLoader));
    }
  }

  private <K, V> void listeners(TenantCacheConfiguration.Builder<K, V> builder) {
    Setting listeners = get(Schema.LISTENERS);
    if (listeners.isNull()) {
      return;
    }
    if (listeners.value().valueType() != ConfigValueType.LIST) {
      throw listeners.invalid("not a list", "a list of listener objects");
    }
    ConfigList list = (ConfigList) listeners.value();
    for (int i = 0; i < list.size(); i++) {
      String elementPath = listeners.path() + "[" + i + "]";
      ConfigValue element = list.get(i);
      if (element.valueType() != ConfigValueType.OBJECT) {
        throw new Setting(elementPath, element, listeners.source(), listeners.sourcePath())
            .invalid("a listener is an object", "{ class = \"com.example.MyListener\" }");
      }
      try {
        builder.addListener(listener(elementPath, ((ConfigObject) element).toConfig()));
      } catch (IllegalArgumentException e) {
        throw new Setting(elementPath, element, listeners.source(), listeners.sourcePath())
            .invalid("the same listener is listed twice", "each listener (class, filter, flags) "
                + "once", e);
      }
    }
  }

  private <K, V> MutableCacheEntryListenerConfiguration<K, V> listener(String elementPath,
      Config listener) {
    Setting classSetting = member(elementPath, listener, "class");
    String allowed = "the name of a public class that implements at least one of "
        + "CacheEntryCreatedListener, CacheEntryUpdatedListener, CacheEntryRemovedListener, "
        + "CacheEntryExpiredListener (javax.cache.event) and has a public no-argument constructor";
    Class<?> type = Values.implementation(classSetting, classLoader, CacheEntryListener.class,
        allowed);
    if (!(CacheEntryCreatedListener.class.isAssignableFrom(type)
        || CacheEntryUpdatedListener.class.isAssignableFrom(type)
        || CacheEntryRemovedListener.class.isAssignableFrom(type)
        || CacheEntryExpiredListener.class.isAssignableFrom(type))) {
      throw classSetting.invalid("the class " + type.getName() + " implements none of the four "
          + "listener interfaces, so it would receive no event", allowed);
    }
    ClassFactory<CacheEntryListener<? super K, ? super V>> listenerFactory = new ClassFactory<>(
        classSetting.path(), type.getName(), CacheEntryListener.class, classLoader);

    Setting filterSetting = member(elementPath, listener, "filter");
    ClassFactory<CacheEntryEventFilter<? super K, ? super V>> filterFactory = null;
    if (!filterSetting.isNull()) {
      Class<?> filterType = Values.implementation(filterSetting, classLoader,
          CacheEntryEventFilter.class, classAllowed(CacheEntryEventFilter.class));
      filterFactory = new ClassFactory<>(filterSetting.path(), filterType.getName(),
          CacheEntryEventFilter.class, classLoader);
    }
    boolean oldValueRequired = flag(elementPath, listener, "old-value-required");
    boolean synchronous = flag(elementPath, listener, "synchronous");
    return new MutableCacheEntryListenerConfiguration<>(
        listenerFactory, filterFactory, oldValueRequired, synchronous);
  }

  private static Setting member(String elementPath, Config element, String key) {
    return new Setting(elementPath + "." + key, Setting.valueOrNull(element, key), element, key);
  }

  private static boolean flag(String elementPath, Config element, String key) {
    return element.hasPathOrNull(key) && Values.bool(member(elementPath, element, key));
  }

  /**
   * Returns the layer that decides a pair of exclusive settings: the cache's block if the file
   * mentions either there, else the default block if it does there, else reference.conf.
   */
  private Layer deciding(String first, String second) {
    for (Layer layer : List.of(cache, defaults)) {
      if (Declared.has(layer.declared, first) || Declared.has(layer.declared, second)) {
        return layer;
      }
    }
    return new Layer(DEFAULT_PATH, reference, reference);
  }

  /** One block of settings: its full path, what the file writes there, and its values. */
  static final class Layer {
    final String path;
    final Config declared;
    final Config values;

    /**
     * @param declared the block as the file alone writes it (for "does the file set this?")
     * @param values the block's resolved values
     */
    Layer(String path, Config declared, Config values) {
      this.path = path;
      this.declared = declared;
      this.values = values;
    }

    /** Returns the setting at {@code key}: null unless the file sets it in this block. */
    Setting get(String key) {
      ConfigValue value = Declared.has(declared, key) ? Setting.valueOrNull(values, key)
          : ConfigValueFactory.fromAnyRef(null);
      return new Setting(path + "." + key, value, values, key);
    }
  }
}
