package io.tenantcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON codec of shared values: round trips, and clear refusals of what it cannot read. */
final class JacksonValueCodecTest {
  private final JacksonValueCodec codec = new JacksonValueCodec();

  /** A value type as users write them. */
  public record Order(String id, List<String> items, long cents) {}

  @Test
  void aRecord_roundTrips_asJson() {
    Order order = new Order("o-1", List.of("tea", "cake"), 1250);

    byte[] bytes = codec.encode(order);

    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"o-1\",\"items\":[\"tea\",\"cake\"],\"cents\":1250}");
    assertThat(codec.decode(bytes, Order.class)).isEqualTo(order);
  }

  @Test
  void aFieldAddedOnANewerReplica_isIgnored_soARollingDeploymentKeepsReading() {
    byte[] newer = "{\"id\":\"o-1\",\"items\":[],\"cents\":1,\"coupon\":\"X\"}"
        .getBytes(StandardCharsets.UTF_8);

    assertThat(codec.decode(newer, Order.class)).isEqualTo(new Order("o-1", List.of(), 1));
  }

  @Test
  void aCacheOfObjectValues_isRefused_namingWhatToDo() {
    byte[] bytes = codec.encode("text");

    assertThatThrownBy(() -> codec.decode(bytes, Object.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value class");
  }

  @Test
  void corruptBytes_fail() {
    byte[] corrupt = "{\"id\":".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(corrupt, Order.class))
        .isInstanceOf(RuntimeException.class);
  }
}
