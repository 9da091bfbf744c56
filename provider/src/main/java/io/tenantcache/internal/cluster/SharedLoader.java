package io.tenantcache.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.tenantcache.Tenants;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.internal.copy.SerializingCopier;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.internal.store.ExpiryTimes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * The loader of a cache in mode shared: a local miss reads the shared tier, and only what the tier
 * lacks is loaded by the cache's own loader (one replica for all, under the tier's lease). It runs
 * inside the cache's load path, so local coalescing, the loader's resilience and the rule that an
 * invalidation arriving during a load voids its value cover what it reads from the tier too.
 *
 * <p>Keys cross the wire serialized; values in their {@link SharedValueForm} (by default
 * serialized too, read back through the cache's serial filter): a value the filter refuses, or
 * that cannot be read, is a miss of the tier (counted, never deserialized past the filter) and
 * the cache's own loader answers. A key that cannot be
 * serialized is loaded by the cache's loader alone. A value this replica's loader returns is
 * answered as returned, never read back from its wire form, also when the tier cannot hold it
 * (it cannot be encoded, or it expires at creation): the caller gets what it would get in mode
 * invalidate. The loader runs with the tenant bound.
 */
public final class SharedLoader<K, V> implements CacheLoader<K, V> {
  private static final System.Logger LOGGER = System.getLogger(SharedLoader.class.getName());

  private final String cacheName;
  private final SharedTier tier;
  private final @Nullable CacheLoader<K, V> loader;
  private final SerializingCopier keys;
  private final SharedValueForm<V> values;
  private final ExpiryTimes expiry;
  private final LongSupplier ticker;
  private final LongAdder decodeErrors = new LongAdder();

  /**
   * The loader of cache {@code cacheName} over {@code tier}; {@code loader} is the cache's own
   * (null: the tier's values only), {@code keys} its serialization of keys, {@code values} the
   * wire form of its values; {@code expiry} and {@code ticker} give a loaded value's time to
   * live in the tier.
   */
  public SharedLoader(String cacheName, SharedTier tier, @Nullable CacheLoader<K, V> loader,
      SerializingCopier keys, SharedValueForm<V> values, ExpiryTimes expiry,
      LongSupplier ticker) {
    this.cacheName = requireNonNull(cacheName, "cacheName");
    this.tier = requireNonNull(tier, "tier");
    this.loader = loader;
    this.keys = requireNonNull(keys, "keys");
    this.values = requireNonNull(values, "values");
    this.expiry = requireNonNull(expiry, "expiry");
    this.ticker = requireNonNull(ticker, "ticker");
  }

  @Override
  public @Nullable V load(K key) {
    String tenant = Tenants.current().orElseThrow(() -> new IllegalStateException(
        "cache '" + cacheName + "': a shared load runs with its tenant bound"));
    byte[] keyBytes;
    try {
      keyBytes = keys.toBytes(key);
    } catch (IllegalArgumentException e) {
      return loadHere(key);
    }
    // What this replica's loader answered, if the tier had it load: the caller gets that value
    // itself, also when the tier cannot hold it (not encodable, expired at once), unless the tier
    // answered another replica's value instead (this load's lease had been voided).
    LoadedHere<V> here = new LoadedHere<>();
    byte[] found;
    try {
      found = tier.getOrLoad(cacheName, tenant, keyBytes, () -> {
        here.ran = true;
        here.value = loadHere(key);
        SharedTier.Value encoded = encode(here.value);
        here.bytes = (encoded == null) ? null : encoded.bytes();
        return encoded;
      });
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
    if (here.ran && (found == null || found == here.bytes)) {
      return here.value;
    }
    if (found == null) {
      return null;
    }
    V value = decode(tenant, found);
    return (value != null) ? value : loadHere(key);
  }

  /** What this replica's own loader answered during one shared load, if it ran. */
  private static final class LoadedHere<V> {
    boolean ran;
    @Nullable V value;
    byte @Nullable [] bytes;
  }

  /**
   * Reads what the tier holds of {@code keys} together (one round trip), then each key it lacks
   * as {@link #load} does (under its lease, by this replica's loader).
   */
  @Override
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    String tenant = Tenants.current().orElseThrow(() -> new IllegalStateException(
        "cache '" + cacheName + "': a shared load runs with its tenant bound"));
    List<K> every = new ArrayList<>();
    keys.forEach(every::add);
    List<K> asked = new ArrayList<>();
    List<byte[]> encoded = new ArrayList<>();
    for (K key : every) {
      try {
        encoded.add(this.keys.toBytes(key));
        asked.add(key);
      } catch (IllegalArgumentException e) {
        // not serializable: load(key) below loads it here
      }
    }
    Map<Integer, byte[]> found = asked.isEmpty() ? Map.of()
        : tier.getAll(cacheName, tenant, encoded);
    Map<K, V> loaded = new HashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      byte[] bytes = found.get(i);
      V value = (bytes == null) ? null : decode(tenant, bytes);
      if (value != null) {
        loaded.put(asked.get(i), value);
      }
    }
    for (K key : every) {
      if (!loaded.containsKey(key)) {
        V value = load(key);
        if (value != null) {
          loaded.put(key, value);
        }
      }
    }
    return loaded;
  }

  /** Returns how many values of the tier could not be read (refused by the filter, corrupt). */
  public long decodeErrors() {
    return decodeErrors.sum();
  }

  private @Nullable V loadHere(K key) {
    return (loader == null) ? null : loader.load(key);
  }

  private SharedTier.@Nullable Value encode(@Nullable V value) {
    if (value == null) {
      return null;
    }
    long now = ticker.getAsLong();
    long expireAt = expiry.onCreate(now);
    if (expireAt != Expirable.ETERNAL && expireAt <= now) {
      return null;   // expired at creation: nothing to share
    }
    try {
      return new SharedTier.Value(values.encode(value), ttlMillis(expireAt, now));
    } catch (RuntimeException e) {
      return null;   // not serializable: this replica keeps it, the tier does not
    }
  }

  /** Returns the time to live in the tier of an entry expiring at {@code expireAt}. */
  public static long ttlMillis(long expireAt, long now) {
    return (expireAt == Expirable.ETERNAL) ? SharedTier.Value.ETERNAL
        : Math.max(1, (expireAt - now) / 1_000_000);
  }

  private @Nullable V decode(String tenant, byte[] bytes) {
    try {
      return values.decode(bytes);
    } catch (RuntimeException e) {
      decodeErrors.increment();
      tier.unreadable(cacheName, tenant);
      LOGGER.log(System.Logger.Level.WARNING, () -> "cache '" + cacheName + "': a value of the "
          + "shared tier could not be read (" + e.getMessage() + "); loading it here instead");
      return null;
    }
  }
}
