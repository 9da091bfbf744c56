package io.tenantcache.internal.cache;

import io.tenantcache.cluster.SharedTier;
import io.tenantcache.internal.cluster.SharedLoader;
import io.tenantcache.internal.cluster.SharedValueForm;
import io.tenantcache.internal.copy.SerializingCopier;
import io.tenantcache.internal.store.Expirable;
import org.jspecify.annotations.Nullable;

/**
 * A shared cache's entries as its changes carry them to the shared tier: the value this replica
 * holds for a key when the change goes out (so a burst of writes of one key sends its last value
 * once), serialized, with its remaining time to live. A key or value that cannot cross the wire
 * goes out as a removal: the tier then holds nothing for it, never an old value.
 */
final class SharedEntries<K, V> implements SharedTier.LocalValues {
  @SuppressWarnings("unchecked")
  private static <V> @Nullable Expirable<V>[] newHolder() {
    return (Expirable<V>[]) new Expirable<?>[1];
  }

  private final CacheCore<K, V> core;
  private final SerializingCopier wire;
  private final SharedValueForm<V> values;

  SharedEntries(CacheCore<K, V> core, SerializingCopier wire, SharedValueForm<V> values) {
    this.core = core;
    this.wire = wire;
    this.values = values;
  }

  @Override
  @SuppressWarnings("unchecked")
  public SharedTier.@Nullable Value current(String tenant, byte[] key) {
    Object read;
    try {
      read = wire.fromBytes(key);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!core.keyType.isInstance(read)) {
      return null;
    }
    // Read under the key's lock: a change through compute that was told as written is visible
    // once it is over. The read changes nothing and supersedes nothing.
    @Nullable Expirable<V>[] held = newHolder();
    core.store.process(core.lookupKey(tenant, (K) read), (k, present) -> {
      held[0] = present;
      return present;
    }, () -> false);
    Expirable<V> entry = held[0];
    long now = core.store.now();
    if (entry == null || entry.isExpired(now)) {
      return null;
    }
    try {
      return new SharedTier.Value(values.encode(entry.value()),
          SharedLoader.ttlMillis(entry.expireAt(), now));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
