package io.tenantcache.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.Invalidation;
import io.tenantcache.cluster.OnPublishFailure;
import io.tenantcache.cluster.SharedTier;
import io.tenantcache.cluster.SharedTierStatus;
import io.tenantcache.internal.copy.SerializingCopier;
import io.tenantcache.internal.store.TenantKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What a clustered cache's publisher sends for each kind of change: in mode invalidate a put's
 * invalidation before its value is visible; in mode shared a put's change once, after its value
 * is visible (the change carries the value the replica holds when it goes out).
 */
final class InvalidationPublisherTest {
  private static final TenantKey<String> KEY = new TenantKey<>("acme", "coffee");

  private final List<Invalidation> streamed = new CopyOnWriteArrayList<>();
  private final List<Invalidation> toTier = new CopyOnWriteArrayList<>();
  private final SerializingCopier keys = new SerializingCopier(getClass().getClassLoader());

  @Test
  void invalidateMode_publishesAPutBeforeItsValueIsVisible_once() {
    InvalidationPublisher<String, String> publisher =
        new InvalidationPublisher<>("prices", transport(), keys, OnPublishFailure.DEFER);

    publisher.putting(KEY);
    assertThat(streamed).hasSize(1);
    publisher.stored(KEY);

    assertThat(streamed).containsExactly(
        Invalidation.ofKey("prices", "acme", keys.toBytes("coffee")));
    assertThat(toTier).isEmpty();
  }

  @Test
  void sharedMode_publishesAPutOnce_afterItsValueIsVisible() {
    InvalidationPublisher<String, String> publisher = new InvalidationPublisher<>("prices",
        transport(), tier(), keys, OnPublishFailure.DEFER);

    publisher.putting(KEY);
    assertThat(toTier).as("not before the value is visible").isEmpty();
    publisher.stored(KEY);

    assertThat(toTier).containsExactly(
        Invalidation.ofKey("prices", "acme", keys.toBytes("coffee")));
    assertThat(streamed).isEmpty();
  }

  @Test
  void sharedMode_publishesAComputesChangeAndARemovalWhenTold() {
    InvalidationPublisher<String, String> publisher = new InvalidationPublisher<>("prices",
        transport(), tier(), keys, OnPublishFailure.DEFER);

    publisher.written(KEY);
    publisher.removed(KEY);

    assertThat(toTier).hasSize(2);
  }

  private ClusterTransport transport() {
    return new ClusterTransport() {
      @Override
      public void publish(Invalidation invalidation) {
        streamed.add(invalidation);
      }

      @Override
      public boolean isConnected() {
        return true;
      }

      @Override
      public boolean isCurrent() {
        return true;
      }

      @Override
      public ClusterStatus status() {
        return new ClusterStatus(true, true, streamed.size(), 0, Map.of(), 0, -1);
      }

      @Override
      public void close() {}
    };
  }

  private SharedTier tier() {
    return new SharedTier() {
      @Override
      public void attach(String cache, LocalValues values) {}

      @Override
      public byte @Nullable [] getOrLoad(String cache, String tenant, byte[] key, Load load)
          throws Exception {
        SharedTier.Value loaded = load.load();
        return (loaded == null) ? null : loaded.bytes();
      }

      @Override
      public void publish(Invalidation change) {
        toTier.add(change);
      }

      @Override
      public SharedTierStatus status() {
        return new SharedTierStatus(0, 0, 0, 0, 0, 0, 0, toTier.size(), 0, "closed");
      }
    };
  }
}
