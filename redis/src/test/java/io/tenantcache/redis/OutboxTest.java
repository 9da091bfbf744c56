package io.tenantcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.cluster.Invalidation;
import java.util.List;
import org.junit.jupiter.api.Test;

final class OutboxTest {
  @Test
  void whatOverflows_isCoveredByAnInvalidationOfItsWholeCache_sentFirst() throws Exception {
    Outbox outbox = new Outbox(2);
    outbox.add(Invalidation.ofTenant("prices", "acme"));
    outbox.add(Invalidation.ofTenant("prices", "globex"));
    outbox.add(Invalidation.ofTenant("plans", "acme")); // does not fit

    List<Invalidation> batch = outbox.takeBatch(10, 0);

    assertThat(batch).containsExactly(Invalidation.ofCache("plans"),
        Invalidation.ofTenant("prices", "acme"), Invalidation.ofTenant("prices", "globex"));
    assertThat(outbox.overflows()).isEqualTo(1);
  }

  @Test
  void aBatchPutBack_goesOutFirst_inItsOrder() throws Exception {
    Outbox outbox = new Outbox(10);
    outbox.add(Invalidation.ofTenant("c", "1"));
    outbox.add(Invalidation.ofTenant("c", "2"));
    List<Invalidation> first = outbox.takeBatch(10, 0);
    outbox.add(Invalidation.ofTenant("c", "3"));
    assertThat(outbox.size()).as("the batch in flight counts").isEqualTo(3);

    outbox.putBack(first);

    assertThat(outbox.takeBatch(10, 0)).containsExactly(Invalidation.ofTenant("c", "1"),
        Invalidation.ofTenant("c", "2"), Invalidation.ofTenant("c", "3"));
  }

  @Test
  void anInvalidationAlreadyWaiting_isNotQueuedTwice() throws Exception {
    Outbox outbox = new Outbox(10);
    for (int i = 0; i < 100; i++) {
      outbox.add(Invalidation.ofTenant("c", "hot"));
    }
    outbox.add(Invalidation.ofTenant("c", "cold"));

    assertThat(outbox.takeBatch(10, 0)).containsExactly(Invalidation.ofTenant("c", "hot"),
        Invalidation.ofTenant("c", "cold"));
    assertThat(outbox.overflows()).isZero();
  }

  @Test
  void anEmptyOutbox_waitsAtMostTheTimeout() throws Exception {
    assertThat(new Outbox(1).takeBatch(10, 1_000_000)).isEmpty();
  }
}
