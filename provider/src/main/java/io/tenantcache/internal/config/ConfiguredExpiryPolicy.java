package io.tenantcache.internal.config;

import java.io.Serializable;
import java.util.Objects;
import javax.cache.configuration.Factory;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link ExpiryPolicy} with a fixed duration for each of creation, access and update,
 * any of them unset: an unset creation duration means eternal, an unset access or update duration
 * means "leave the expiry time as it is" (JCache's {@code null}). Immutable and serializable.
 */
final class ConfiguredExpiryPolicy implements ExpiryPolicy, Serializable {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration created;
  private final @Nullable Duration accessed;
  private final @Nullable Duration updated;

  /** A policy with these durations; null leaves one unset. */
  public ConfiguredExpiryPolicy(@Nullable Duration created, @Nullable Duration accessed,
      @Nullable Duration updated) {
    this.created = created;
    this.accessed = accessed;
    this.updated = updated;
  }

  /** Returns a serializable factory that hands out a policy with these durations. */
  public static Factory<ExpiryPolicy> factoryOf(@Nullable Duration created,
      @Nullable Duration accessed, @Nullable Duration updated) {
    return new PolicyFactory(new ConfiguredExpiryPolicy(created, accessed, updated));
  }

  /** Returns the creation duration, or {@link Duration#ETERNAL} if unset. */
  @Override
  public Duration getExpiryForCreation() {
    return (created == null) ? Duration.ETERNAL : created;
  }

  /** Returns the access duration, or null (expiry unchanged) if unset. */
  @Override
  @SuppressWarnings("NullAway") // JCache's interface is not null-annotated; null means "unchanged"
  public @Nullable Duration getExpiryForAccess() {
    return accessed;
  }

  /** Returns the update duration, or null (expiry unchanged) if unset. */
  @Override
  @SuppressWarnings("NullAway")
  public @Nullable Duration getExpiryForUpdate() {
    return updated;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return (o instanceof ConfiguredExpiryPolicy other)
        && Objects.equals(created, other.created) && Objects.equals(accessed, other.accessed)
        && Objects.equals(updated, other.updated);
  }

  @Override
  public int hashCode() {
    return Objects.hash(created, accessed, updated);
  }

  @Override
  public String toString() {
    return "ConfiguredExpiryPolicy{created=" + describe(created) + ", accessed="
        + describe(accessed) + ", updated=" + describe(updated) + "}";
  }

  private static String describe(@Nullable Duration duration) {
    if (duration == null) {
      return "unset";
    }
    return duration.isEternal() ? "eternal"
        : duration.getDurationAmount() + " " + duration.getTimeUnit();
  }

  /** Hands out one shared policy (it is immutable). */
  private static final class PolicyFactory implements Factory<ExpiryPolicy> {
    private static final long serialVersionUID = 1L;

    private final ConfiguredExpiryPolicy policy;

    PolicyFactory(ConfiguredExpiryPolicy policy) {
      this.policy = policy;
    }

    @Override
    public ExpiryPolicy create() {
      return policy;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return (o instanceof PolicyFactory other) && policy.equals(other.policy);
    }

    @Override
    public int hashCode() {
      return policy.hashCode();
    }

    @Override
    public String toString() {
      return "Factory[" + policy + "]";
    }
  }
}
