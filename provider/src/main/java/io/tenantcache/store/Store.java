package io.tenantcache.store;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy.VarExpiration;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tenantcache.EntryWeigher;
import io.tenantcache.TenantCacheConfiguration;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One cache's entries, all tenants together, in one Caffeine cache bounded by size or weight.
 *
 * <p>Expiry: each {@link Expirable} carries its expiry time and Caffeine's variable expiry is set
 * to exactly that time, so Caffeine hides an entry from the moment it expires and reports it to the
 * {@link EvictionSink} when it drops it. Maintenance runs on the calling threads (no background
 * thread), which keeps events and statistics in step with the operations that caused them.
 */
public final class Store<K, V> {
  private final Cache<TenantKey<K>, Expirable<V>> cache;
  private final ConcurrentMap<TenantKey<K>, Expirable<V>> map;
  private final @Nullable VarExpiration<TenantKey<K>, Expirable<V>> varExpiration;
  private final Ticker ticker;

  private Store(Cache<TenantKey<K>, Expirable<V>> cache, Ticker ticker) {
    this.cache = cache;
    this.map = cache.asMap();
    this.ticker = ticker;
    this.varExpiration = cache.policy().expireVariably().orElse(null);
  }

  /** Creates the store for a cache configured by {@code config}. */
  public static <K, V> Store<K, V> create(TenantCacheConfiguration<K, V> config,
      ExpiryTimes expiry, EvictionSink<K, V> sink) {
    requireNonNull(sink, "sink");
    Ticker ticker = (config.getTicker() == null) ? Ticker.systemTicker() : config.getTicker();
    @SuppressWarnings("unchecked")
    Caffeine<TenantKey<K>, Expirable<V>> builder = (Caffeine<TenantKey<K>, Expirable<V>>)
        (Caffeine<?, ?>) Caffeine.newBuilder().executor(Runnable::run).ticker(ticker);
    if (!expiry.isEternal()) {
      builder.expireAfter(new ExactExpiry<K, V>());
    }
    EntryWeigher<? super K, ? super V> weigher = config.getWeigher();
    if (config.getMaximumWeight() >= 0 && weigher != null) {
      builder.maximumWeight(config.getMaximumWeight())
          .weigher((TenantKey<K> key, Expirable<V> value) -> weigher.weigh(key.key(), value.value()));
    } else {
      builder.maximumSize(config.getMaximumSize());
    }
    Cache<TenantKey<K>, Expirable<V>> cache = builder
        .evictionListener((@Nullable TenantKey<K> key, @Nullable Expirable<V> value,
            RemovalCause cause) -> {
          if ((key != null) && (value != null) && cause.wasEvicted()) {
            sink.evicted(key, value.value(), cause == RemovalCause.EXPIRED);
          }
        })
        .build();
    return new Store<>(cache, ticker);
  }

  /** Returns the ticker time now. */
  public long now() {
    return ticker.read();
  }

  /** Returns the live entry as a read (it counts for eviction), or null. */
  public @Nullable Expirable<V> read(TenantKey<K> key) {
    return cache.getIfPresent(key);
  }

  /** Returns the live entry without touching its eviction or expiry state, or null. */
  public @Nullable Expirable<V> peek(TenantKey<K> key) {
    return cache.policy().getIfPresentQuietly(key);
  }

  /** Tells the store that {@code key}'s expiry moved to {@code expireAt} (from an access). */
  public void expiryChanged(TenantKey<K> key, long expireAt) {
    if (varExpiration != null) {
      long remaining = (expireAt == Expirable.ETERNAL) ? Long.MAX_VALUE : Math.max(0, expireAt - now());
      varExpiration.setExpiresAfter(key, remaining, TimeUnit.NANOSECONDS);
    }
  }

  /** The live entries as a concurrent map; compute on it for atomic per-key changes. */
  public ConcurrentMap<TenantKey<K>, Expirable<V>> map() {
    return map;
  }

  /** Returns the number of entries held, over all tenants (may include expired ones not yet dropped). */
  public long size() {
    return cache.estimatedSize();
  }

  /** Runs pending maintenance now: drops expired entries and evicts over the bound. */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** Drops every entry of every tenant without telling anyone. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** Caffeine expiry set to exactly each entry's {@link Expirable#expireAt()}. */
  private static final class ExactExpiry<K, V> implements Expiry<TenantKey<K>, Expirable<V>> {
    @Override
    public long expireAfterCreate(TenantKey<K> key, Expirable<V> value, long currentTime) {
      return remaining(value, currentTime);
    }

    @Override
    public long expireAfterUpdate(TenantKey<K> key, Expirable<V> value, long currentTime,
        long currentDuration) {
      return remaining(value, currentTime);
    }

    @Override
    public long expireAfterRead(TenantKey<K> key, Expirable<V> value, long currentTime,
        long currentDuration) {
      return currentDuration;
    }

    private static long remaining(Expirable<?> value, long currentTime) {
      long expireAt = value.expireAt();
      return (expireAt == Expirable.ETERNAL) ? Long.MAX_VALUE : Math.max(0, expireAt - currentTime);
    }
  }
}
