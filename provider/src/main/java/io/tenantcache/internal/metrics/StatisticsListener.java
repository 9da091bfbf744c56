package io.tenantcache.internal.metrics;

/**
 * Hears what a {@link StatisticsRegistry} learns beyond its counters: a tenant's first count, each
 * load, and the cache's close. Called on the thread that caused it, outside every lock: keep it
 * quick. A listener that throws is logged and otherwise ignored.
 */
interface StatisticsListener {
  /**
   * {@code tenant}'s counters were just created: its first count, or its first since its
   * statistics were reset. Called once per creation.
   */
  default void tenantAdded(String tenant) {}

  /** A load for {@code tenant} finished, successfully or not, after {@code nanos}. */
  default void loaded(String tenant, boolean success, long nanos) {}

  /** The cache closed; the listener has been removed. */
  default void closed() {}
}
