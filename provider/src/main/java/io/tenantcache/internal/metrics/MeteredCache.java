package io.tenantcache.internal.metrics;

/** What a cache's meters read besides its statistics counters: its identity and its sizes. */
public interface MeteredCache {
  /** Returns the cache's name. */
  String name();

  /** Returns the URI of the cache's manager, as a string. */
  String managerUri();

  /** Returns the cache's statistics counters. */
  StatisticsRegistry statistics();

  /** Returns the entries the cache holds, every tenant's. */
  long size();

  /** Returns about how many entries {@code tenant} holds, without running maintenance. */
  long estimatedSize(String tenant);

  /** Returns whether the cache is closed. */
  boolean isClosed();
}
