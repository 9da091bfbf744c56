package io.tenantcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.cluster.Invalidation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class StreamEntriesTest {
  @Test
  void aBatchOfEveryScope_survivesTheRoundTrip_inOrder() {
    List<Invalidation> batch = List.of(Invalidation.ofCache("prices"),
        Invalidation.ofTenant("prices", "acme"),
        Invalidation.ofKey("prices", "acme", "coffee".getBytes(StandardCharsets.UTF_8)));

    Map<String, String> fields = StreamEntries.fields("replica-1", batch, 1234L);

    assertThat(StreamEntries.invalidations(fields)).isEqualTo(batch);
    assertThat(StreamEntries.at(fields)).isEqualTo(1234L);
    assertThat(fields.get(StreamEntries.ORIGIN)).isEqualTo("replica-1");
  }

  @Test
  void aKeyThatCannotBeRead_invalidatesItsWholeTenant() {
    Map<String, String> fields = Map.of(StreamEntries.COUNT, "1", StreamEntries.CACHE + 0,
        "prices", StreamEntries.TENANT + 0, "acme", StreamEntries.KEY + 0, "%%% not base64");

    assertThat(StreamEntries.invalidations(fields))
        .containsExactly(Invalidation.ofTenant("prices", "acme"));
  }

  @Test
  void anEntryOfAnotherFormat_yieldsNothing() {
    assertThat(StreamEntries.invalidations(Map.of("filler", "1"))).isEmpty();
    assertThat(StreamEntries.invalidations(Map.of(StreamEntries.COUNT, "x"))).isEmpty();
  }

  @Test
  void streamIds_compareByTimeThenSequence_notAsText() {
    assertThat(StreamEntries.compareIds("10-0", "9-5")).isPositive();
    assertThat(StreamEntries.compareIds("10-2", "10-10")).isNegative();
    assertThat(StreamEntries.compareIds("7-3", "7-3")).isZero();
  }

  @Test
  void anInvalidationNamesNoKeyBytes() {
    assertThat(Invalidation.ofKey("prices", "acme", new byte[] {1, 2, 3}).toString())
        .isEqualTo("Invalidation[cache 'prices', one key of tenant 'acme']");
  }
}
