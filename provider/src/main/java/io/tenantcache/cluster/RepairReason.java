package io.tenantcache.cluster;

import java.util.Locale;

/**
 * Why a replica dropped every entry of its clustered caches (a repair): it could no longer prove
 * them fresh. The {@link #tag()} is the {@code reason} tag of {@code cache.cluster.repairs}.
 */
public enum RepairReason {
  /** The server lost its data (a restart without persistence, a failover): messages are gone. */
  SERVER_LOST_DATA,
  /** Messages this replica never read were trimmed away (it was paused or away too long). */
  MESSAGES_TRIMMED,
  /** The messages were deleted by hand (the stream deleted or emptied). */
  MESSAGES_DELETED,
  /** No word from the server within max-staleness (dropped until the replica catches up). */
  SILENT;

  /** Returns the reason as a meter tag: lower case, words joined by '-'. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
