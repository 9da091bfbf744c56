package io.tenantcache.internal.store;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JCache {@link ExpiryPolicy} into ticker times. Each method calls the policy exactly
 * once (the TCK counts the calls). A policy that throws leaves the expiry as it was (on creation:
 * eternal), as the specification asks.
 */
public final class ExpiryTimes {
  private static final System.Logger LOGGER = System.getLogger(ExpiryTimes.class.getName());

  private final ExpiryPolicy policy;
  private final boolean accessNeverChanges;
  private final boolean eternal;

  public ExpiryTimes(ExpiryPolicy policy) {
    this.policy = requireNonNull(policy, "policy");
    // The standard policies whose access duration is always null need not be asked on reads.
    Class<?> type = policy.getClass();
    this.accessNeverChanges = type == EternalExpiryPolicy.class
        || type == CreatedExpiryPolicy.class || type == ModifiedExpiryPolicy.class;
    this.eternal = type == EternalExpiryPolicy.class;
  }

  public ExpiryPolicy policy() {
    return policy;
  }

  /** Returns whether reads may move an entry's expiry (the policy has an access duration). */
  public boolean changesOnAccess() {
    return !accessNeverChanges;
  }

  /** Returns whether no entry can ever expire (so the store needs no expiry machinery). */
  public boolean isEternal() {
    return eternal;
  }

  /** Returns the expiry time of an entry created at {@code now}; {@code <= now} means "do not store". */
  public long onCreate(long now) {
    if (eternal) {
      return Expirable.ETERNAL;
    }
    try {
      Duration duration = policy.getExpiryForCreation();
      return (duration == null) ? Expirable.ETERNAL : expireAt(now, duration);
    } catch (Exception e) { // also a checked exception thrown sneakily
      LOGGER.log(Level.WARNING, "ExpiryPolicy.getExpiryForCreation failed; the entry is eternal", e);
      return Expirable.ETERNAL;
    }
  }

  /** Returns the expiry time of an entry updated at {@code now} that expired at {@code current}. */
  public long onUpdate(long now, long current) {
    if (eternal) {
      return current;
    }
    try {
      Duration duration = policy.getExpiryForUpdate();
      return (duration == null) ? current : expireAt(now, duration);
    } catch (Exception e) {
      LOGGER.log(Level.WARNING, "ExpiryPolicy.getExpiryForUpdate failed; expiry unchanged", e);
      return current;
    }
  }

  /**
   * Applies the access duration to {@code entry} read at {@code now}. Returns the new expiry time,
   * or {@code -1} when it did not change.
   */
  public long onAccess(Expirable<?> entry, long now) {
    if (accessNeverChanges) {
      return -1;
    }
    @Nullable Duration duration;
    try {
      duration = policy.getExpiryForAccess();
    } catch (Exception e) {
      LOGGER.log(Level.WARNING, "ExpiryPolicy.getExpiryForAccess failed; expiry unchanged", e);
      return -1;
    }
    if (duration == null) {
      return -1;
    }
    long expireAt = expireAt(now, duration);
    entry.expireAt(expireAt);
    return expireAt;
  }

  private static long expireAt(long now, Duration duration) {
    if (duration.isEternal()) {
      return Expirable.ETERNAL;
    }
    long nanos = duration.getTimeUnit().toNanos(duration.getDurationAmount());
    long expireAt = now + nanos;
    // Saturate instead of wrapping around on huge durations.
    return ((nanos > 0) && (expireAt < now)) ? Expirable.ETERNAL - 1 : expireAt;
  }
}
