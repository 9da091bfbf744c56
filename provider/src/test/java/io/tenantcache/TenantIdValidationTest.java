package io.tenantcache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.SeededCache;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tenant id is a non-blank string of at most 256 characters without control characters; any
 * other id is refused with an {@link IllegalArgumentException} that says what is wrong, before
 * anything in the cache or the thread's binding changes.
 */
final class TenantIdValidationTest {
  private static final String ID_OF_256 = "t".repeat(Tenants.MAX_ID_LENGTH);

  @AutoClose private final SeededCache seeded = SeededCache.seededBy(cache -> {
    Tenants.run("acme", () -> cache.put("k", "a1"));
    Tenants.run("globex", () -> cache.put("k", "g1"));
  });
  private final Cache<String, String> cache = seeded.cache;
  private final CacheFixture fixture = seeded.fixture;


  /** Bad ids, each with a fragment the message must hold to say what is wrong. */
  static Stream<Arguments> badIds() {
    return Stream.of(
        arguments("null", null, "null"),
        arguments("empty", "", "blank"),
        arguments("three spaces", "   ", "blank"),
        arguments("tab and newline only", "\t\n", "blank"),
        arguments("257 characters", "t".repeat(Tenants.MAX_ID_LENGTH + 1), "257"),
        arguments("BEL control character", "ac\u0007me", "control character"),
        arguments("trailing newline", "acme\n", "control character"),
        arguments("NUL", "\u0000acme", "control character"),
        arguments("DEL", "acme\u007f", "control character"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void badTenantId_bind_throwsIllegalArgumentExceptionSayingWhatIsWrong(String description,
      String id, String problem) {
    assertThatThrownBy(() -> Tenants.bind(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant id")
        .hasMessageContaining(problem);

    assertThat(Tenants.current()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void badTenantId_bindInsideScope_keepsOuterBinding(String description, String id,
      String problem) {
    try (Tenants.Scope ignored = Tenants.bind("acme")) {
      assertThatThrownBy(() -> Tenants.bind(id)).isInstanceOf(IllegalArgumentException.class);
      assertThat(Tenants.current()).contains("acme");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void badTenantId_runAndCall_neverRunTheTask_andCacheIsUnchanged(String description, String id,
      String problem) {
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(() -> Tenants.run(id, () -> {
      ran.set(true);
      cache.put("k", "bad");
    })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    assertThatThrownBy(() -> Tenants.call(id, () -> {
      ran.set(true);
      return cache.getAndPut("k", "bad");
    })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);

    assertThat(ran).isFalse();
    seeded.assertUnchanged();
    assertThat(Tenants.current()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void badTenantId_forTenant_throws_andCacheIsUnchanged(String description, String id,
      String problem) {
    assertThatThrownBy(() -> admin(cache).forTenant(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);

    seeded.assertUnchanged();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIds")
  void badTenantId_clearTenant_throws_andCacheIsUnchanged(String description, String id,
      String problem) {
    assertThatThrownBy(() -> admin(cache).clearTenant(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);

    seeded.assertUnchanged();
  }

  @Test
  void tenantIdOf257Characters_messageNamesTheLimit() {
    assertThatThrownBy(() -> Tenants.bind("t".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("257")
        .hasMessageContaining("256");
  }

  @Test
  void tenantIdOfExactly256Characters_isAccepted() {
    Tenants.run(ID_OF_256, () -> cache.put("k", "long"));

    assertThat(as(ID_OF_256, () -> cache.get("k"))).isEqualTo("long");
    assertThat(admin(cache).forTenant(ID_OF_256).get("k")).isEqualTo("long");
    assertThat(admin(cache).tenants()).contains(ID_OF_256);
    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("a1");

    admin(cache).clearTenant(ID_OF_256);
    seeded.assertUnchanged();
  }

  @Test
  void tenantIdWithInnerSpacesAndUnicode_isAccepted() {
    String id = " tenant ünïcødé 租户 ";

    Tenants.run(id, () -> cache.put("k", "u1"));

    assertThat(as(id, () -> cache.get("k"))).isEqualTo("u1");
    assertThat(as(id.trim(), () -> cache.get("k"))).as("ids are not trimmed").isNull();
  }
}
