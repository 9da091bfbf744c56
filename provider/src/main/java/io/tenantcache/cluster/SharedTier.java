package io.tenantcache.cluster;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The second tier of the caches in mode {@code shared}: values kept in the cluster's server for
 * every replica, behind each replica's own entries. A local miss reads it before the loader
 * ({@link #getOrLoad}); a change made on a replica goes to it with its invalidation ({@link
 * #publish}). Implemented by a transport that supports it ({@link ClusterTransport#sharedTier});
 * called by the provider, from any thread.
 */
public interface SharedTier {
  /** A value as it crosses the wire: its encoded form and how long it may live there. */
  record Value(byte[] bytes, long ttlMillis) {
    /** A time to live that means "until evicted" ({@code ttlMillis} of an eternal entry). */
    public static final long ETERNAL = Long.MAX_VALUE;

    /**
     * Checks the value.
     *
     * @throws IllegalArgumentException if {@code ttlMillis} is not positive
     */
    public Value {
      java.util.Objects.requireNonNull(bytes, "bytes");
      if (ttlMillis <= 0) {
        throw new IllegalArgumentException("ttlMillis is " + ttlMillis + "; it must be positive");
      }
    }
  }

  /** Where a shared cache's changes read the value they carry: this replica's entries. */
  @FunctionalInterface
  interface LocalValues {
    /**
     * Returns what this replica holds now for {@code key} (encoded) of {@code tenant}, with its
     * remaining time to live, or null when it holds nothing (the change is then a removal).
     */
    @Nullable Value current(String tenant, byte[] key);
  }

  /** A load of a value the tier lacks, by this replica's loader. */
  @FunctionalInterface
  interface Load {
    /** Returns the loaded value, encoded, or null when the backend has none. */
    @Nullable Value load() throws Exception;
  }

  /**
   * Makes {@code values} the source of what the changes of {@code cache} carry; called once per
   * shared cache, before its first change.
   */
  void attach(String cache, LocalValues values);

  /**
   * Returns the tier's value of {@code key} of {@code tenant} in {@code cache}; when it has none,
   * takes the key's cluster-wide lease and runs {@code load}, writing its value unless the key
   * changed meanwhile; when another replica holds the lease, waits (bounded) for its value, and
   * loads only if the lease expires or the wait runs out. When the server cannot answer, runs
   * {@code load} and returns its value (the cache then works as in mode {@code invalidate}).
   *
   * @return the value found or loaded, encoded, or null when neither the tier nor the backend has
   *     one
   * @throws Exception what {@code load} threw
   */
  byte @Nullable [] getOrLoad(String cache, String tenant, byte[] key, Load load) throws Exception;

  /**
   * Returns what the tier holds of {@code keys} of {@code tenant} in {@code cache}, by their
   * index in {@code keys}, read together (for a {@code getAll}); takes no lease and loads nothing:
   * the caller reads each key that is missing here with {@link #getOrLoad}. Leaves out a key whose
   * value this replica may have changed without the tier showing it yet, and answers empty when
   * the server cannot answer. The default answers empty (every key is then read alone).
   */
  default Map<Integer, byte[]> getAll(String cache, String tenant, List<byte[]> keys) {
    return Map.of();
  }

  /**
   * Sends a change of a shared cache to the tier and, with it, to the other replicas: a key's
   * (carrying the value {@link LocalValues} gives when it goes out, or a removal), a tenant's or
   * the cache's clear. Never waits for the network: what cannot be sent yet waits.
   */
  void publish(Invalidation change);

  /**
   * Hears that a value the tier gave for {@code tenant} of {@code cache} could not be read here
   * (its codec failed, or the serial filter refused it); for the figures. The default ignores it.
   */
  default void unreadable(String cache, String tenant) {}

  /** Returns the tier's figures now. */
  SharedTierStatus status();
}
