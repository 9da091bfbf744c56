package io.tenantcache.internal.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tenantcache.EntryWeigher;
import io.tenantcache.TenantCacheConfiguration;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** Builds the Caffeine cache behind a {@link CaffeineStore}. */
final class BackingCache {
  private BackingCache() {}

  /**
   * Returns a Caffeine cache bounded by the configuration's size or weight, whose maintenance
   * runs on {@code maintenance},
   * which drops an expiring entry {@code expiryDelay} after it expires (a negative delay: entries
   * never expire, and the cache keeps no expiry times), and which counts and
   * reports what it drops by itself to {@code ledger} and {@code listeners} (an entry a fence
   * hides is counted, not reported).
   */
  static <K, V> Cache<Object, Object> build(TenantCacheConfiguration<K, V> config, Ticker ticker,
      long expiryDelay, EntryKeys<K> entryKeys, StoredValues values, TenantLedger ledger,
      TenantFences<K> fences, Executor maintenance, StoreListener<K, V> listeners) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .executor(new MaintenanceExecutor(maintenance, listeners))
        .ticker(ticker);
    if (expiryDelay >= 0) {
      builder.expireAfter(new ExactExpiry(expiryDelay));
    }
    EntryWeigher<? super K, ? super V> weigher = config.getWeigher();
    if (config.getMaximumWeight() >= 0 && weigher != null) {
      builder.maximumWeight(config.getMaximumWeight())
          .weigher((Object slot, Object stored) ->
              weigher.weigh(EntryKeys.<K>callerKey(slot), values.<V>entry(stored).value()));
    } else {
      builder.maximumSize(config.getMaximumSize());
    }
    return builder
        .evictionListener((@Nullable Object slot, @Nullable Object stored, RemovalCause cause) -> {
          if ((slot != null) && (stored != null) && cause.wasEvicted()) {
            TenantKey<K> key = entryKeys.tenantKey(slot);
            ledger.removed(key.tenant(), slot);
            if (fences.hides(slot, stored)) {
              return; // cleared by another replica: gone already to every caller
            }
            listeners.dropped(key, values.<V>entry(stored).value(), cause == RemovalCause.EXPIRED);
          }
        })
        .build();
  }
}
