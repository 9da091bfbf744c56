package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.contents;
import static io.tenantcache.testing.CacheFixture.entries;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same key under two tenants is two entries: every per-entry and per-tenant operation under
 * tenant A sees and changes A's entries only, never B's.
 */
final class TenantIsolationTest {
  private static final String A = "acme";
  private static final String B = "globex";

  @AutoClose private final CacheFixture fixture = new CacheFixture();
  private Cache<String, String> cache;

  @BeforeEach
  void setUp() {
    cache = fixture.strings();
  }

  private void givenBothTenantsHold(String... keys) {
    for (String key : keys) {
      Tenants.run(A, () -> cache.put(key, "a-" + key));
      Tenants.run(B, () -> cache.put(key, "b-" + key));
    }
  }

  private Map<String, String> entriesOf(String tenant) {
    return entries(admin(cache).forTenant(tenant));
  }

  @Test
  void sameKeyUnderTwoTenants_areTwoEntries() {
    Tenants.run(A, () -> cache.put("k", "a1"));
    Tenants.run(B, () -> cache.put("k", "b1"));

    assertThat(as(A, () -> cache.get("k"))).isEqualTo("a1");
    assertThat(as(B, () -> cache.get("k"))).isEqualTo("b1");
    assertThat(admin(cache).tenants()).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void get_doesNotSeeOtherTenantsEntry() {
    Tenants.run(B, () -> cache.put("k", "b1"));

    assertThat(as(A, () -> cache.get("k"))).isNull();
  }

  @Test
  void put_underOneTenant_leavesOtherTenantsEntry() {
    givenBothTenantsHold("k");

    Tenants.run(A, () -> cache.put("k", "a2"));

    assertThat(entriesOf(A)).containsExactly(Map.entry("k", "a2"));
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b-k"));
  }

  @Test
  void unboundCalls_actOnTheDefaultTenantOnly() {
    cache.put("k", "d1");
    Tenants.run(A, () -> cache.put("k", "a1"));

    assertThat(cache.get("k")).isEqualTo("d1");
    assertThat(as(Tenants.DEFAULT_TENANT, () -> cache.get("k"))).isEqualTo("d1");
    assertThat(as(A, () -> cache.get("k"))).isEqualTo("a1");
    assertThat(admin(cache).tenants()).containsExactlyInAnyOrder(Tenants.DEFAULT_TENANT, A);
  }

  @Test
  void remove_underOneTenant_leavesOtherTenantsEntry() {
    givenBothTenantsHold("k");

    assertThat(as(A, () -> cache.remove("k"))).isTrue();
    assertThat(as(A, () -> cache.remove("k"))).isFalse();

    assertThat(entriesOf(A)).isEmpty();
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b-k"));
  }

  @Test
  void removeWithOldValue_doesNotMatchOtherTenantsValue() {
    givenBothTenantsHold("k");

    assertThat(as(A, () -> cache.remove("k", "b-k"))).isFalse();
    assertThat(as(A, () -> cache.remove("k", "a-k"))).isTrue();

    assertThat(entriesOf(A)).isEmpty();
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b-k"));
  }

  @Test
  void getAndRemove_returnsAndRemovesOnlyOwnTenantsEntry() {
    givenBothTenantsHold("k");

    assertThat(as(A, () -> cache.getAndRemove("k"))).isEqualTo("a-k");
    assertThat(as(A, () -> cache.getAndRemove("k"))).isNull();

    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b-k"));
  }

  @Test
  void getAndPut_returnsOnlyOwnTenantsPreviousValue() {
    Tenants.run(B, () -> cache.put("k", "b1"));

    assertThat(as(A, () -> cache.getAndPut("k", "a1"))).isNull();
    assertThat(as(A, () -> cache.getAndPut("k", "a2"))).isEqualTo("a1");

    assertThat(entriesOf(A)).containsExactly(Map.entry("k", "a2"));
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b1"));
  }

  @Test
  void putIfAbsent_ignoresOtherTenantsEntry() {
    Tenants.run(B, () -> cache.put("k", "b1"));

    assertThat(as(A, () -> cache.putIfAbsent("k", "a1"))).isTrue();
    assertThat(as(A, () -> cache.putIfAbsent("k", "a2"))).isFalse();
    assertThat(as(B, () -> cache.putIfAbsent("k", "b2"))).isFalse();

    assertThat(entriesOf(A)).containsExactly(Map.entry("k", "a1"));
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b1"));
  }

  @Test
  void replace_doesNotSeeOrChangeOtherTenantsEntry() {
    Tenants.run(B, () -> cache.put("k", "b1"));

    assertThat(as(A, () -> cache.replace("k", "a1"))).isFalse();
    assertThat(as(A, () -> cache.replace("k", "b1", "a1"))).isFalse();
    assertThat(as(A, () -> cache.getAndReplace("k", "a1"))).isNull();
    assertThat(entriesOf(A)).isEmpty();

    Tenants.run(A, () -> cache.put("k", "a1"));
    assertThat(as(A, () -> cache.replace("k", "a2"))).isTrue();
    assertThat(as(A, () -> cache.replace("k", "a2", "a3"))).isTrue();

    assertThat(entriesOf(A)).containsExactly(Map.entry("k", "a3"));
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b1"));
  }

  @Test
  void invoke_seesAndChangesOnlyOwnTenantsEntry() {
    Tenants.run(B, () -> cache.put("k", "b1"));

    String seenByA = as(A, () -> cache.<String>invoke("k", (entry, args) -> {
      String before = entry.exists() ? entry.getValue() : "absent";
      entry.setValue("a1");
      return before;
    }));
    assertThat(seenByA).isEqualTo("absent");
    assertThat(entriesOf(A)).containsExactly(Map.entry("k", "a1"));
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b1"));

    String removedByA = as(A, () -> cache.<String>invoke("k", (entry, args) -> {
      String before = entry.getValue();
      entry.remove();
      return before;
    }));
    assertThat(removedByA).isEqualTo("a1");
    assertThat(entriesOf(A)).isEmpty();
    assertThat(entriesOf(B)).containsExactly(Map.entry("k", "b1"));
  }

  @Test
  void iterator_returnsOnlyOwnTenantsEntries() {
    givenBothTenantsHold("k1", "k2");
    Tenants.run(B, () -> cache.put("k3", "b-k3"));

    assertThat(as(A, () -> entries(cache)))
        .containsOnly(Map.entry("k1", "a-k1"), Map.entry("k2", "a-k2"));
    assertThat(as(B, () -> entries(cache)))
        .containsOnly(Map.entry("k1", "b-k1"), Map.entry("k2", "b-k2"), Map.entry("k3", "b-k3"));
  }

  @Test
  void iteratorRemove_removesOnlyOwnTenantsEntry() {
    givenBothTenantsHold("k1", "k2");

    Tenants.run(A, () -> {
      Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
      while (iterator.hasNext()) {
        if (iterator.next().getKey().equals("k1")) {
          iterator.remove();
        }
      }
    });

    assertThat(entriesOf(A)).containsOnly(Map.entry("k2", "a-k2"));
    assertThat(entriesOf(B)).containsOnly(Map.entry("k1", "b-k1"), Map.entry("k2", "b-k2"));
  }

  @Test
  void removeAll_removesOnlyOwnTenantsEntries() {
    givenBothTenantsHold("k1", "k2");

    Tenants.run(A, cache::removeAll);

    assertThat(entriesOf(A)).isEmpty();
    assertThat(entriesOf(B)).containsOnly(Map.entry("k1", "b-k1"), Map.entry("k2", "b-k2"));
    assertThat(admin(cache).tenants()).containsExactly(B);
  }

  @Test
  void removeAllKeys_removesOnlyOwnTenantsEntries() {
    givenBothTenantsHold("k1", "k2", "k3");

    Tenants.run(A, () -> cache.removeAll(Set.of("k1", "k3")));

    assertThat(entriesOf(A)).containsOnly(Map.entry("k2", "a-k2"));
    assertThat(entriesOf(B))
        .containsOnly(Map.entry("k1", "b-k1"), Map.entry("k2", "b-k2"), Map.entry("k3", "b-k3"));
  }

  @Test
  void clear_clearsOnlyOwnTenantsEntries() {
    givenBothTenantsHold("k1", "k2");

    Tenants.run(A, cache::clear);

    assertThat(entriesOf(A)).isEmpty();
    assertThat(entriesOf(B)).containsOnly(Map.entry("k1", "b-k1"), Map.entry("k2", "b-k2"));
  }

  @Test
  void clearTenant_clearsOnlyThatTenantsEntries() {
    givenBothTenantsHold("k1", "k2");

    admin(cache).clearTenant(A);

    assertThat(contents(cache)).containsOnlyKeys(B);
    assertThat(entriesOf(B)).containsOnly(Map.entry("k1", "b-k1"), Map.entry("k2", "b-k2"));
  }

  @Test
  void getAll_returnsOnlyOwnTenantsEntries() {
    Tenants.run(A, () -> cache.putAll(Map.of("k1", "a-k1", "k2", "a-k2")));
    Tenants.run(B, () -> cache.putAll(Map.of("k2", "b-k2", "k3", "b-k3")));

    Set<String> keys = Set.of("k1", "k2", "k3");
    assertThat(as(A, () -> cache.getAll(keys)))
        .containsOnly(Map.entry("k1", "a-k1"), Map.entry("k2", "a-k2"));
    assertThat(as(B, () -> cache.getAll(keys)))
        .containsOnly(Map.entry("k2", "b-k2"), Map.entry("k3", "b-k3"));
  }

  @Test
  void putAll_writesOnlyOwnTenantsEntries() {
    Tenants.run(B, () -> cache.put("k2", "b-k2"));

    Tenants.run(A, () -> cache.putAll(Map.of("k1", "a-k1", "k2", "a-k2")));

    assertThat(entriesOf(A)).containsOnly(Map.entry("k1", "a-k1"), Map.entry("k2", "a-k2"));
    assertThat(entriesOf(B)).containsOnly(Map.entry("k2", "b-k2"));
  }

  @Test
  void containsKey_seesOnlyOwnTenantsEntries() {
    Tenants.run(B, () -> cache.put("k", "b1"));

    assertThat(as(A, () -> cache.containsKey("k"))).isFalse();
    assertThat(as(B, () -> cache.containsKey("k"))).isTrue();
  }

  @Test
  void keysWhoseConcatenationsCollide_stayDistinct() {
    Tenants.run("a:b", () -> cache.put("c", "tenant a:b, key c"));
    Tenants.run("a", () -> cache.put("b:c", "tenant a, key b:c"));

    assertThat(as("a:b", () -> cache.get("c"))).isEqualTo("tenant a:b, key c");
    assertThat(as("a", () -> cache.get("b:c"))).isEqualTo("tenant a, key b:c");
    assertThat(as("a:b", () -> cache.containsKey("b:c"))).isFalse();
    assertThat(as("a", () -> cache.containsKey("c"))).isFalse();
    assertThat(contents(cache)).isEqualTo(Map.of(
        "a:b", Map.of("c", "tenant a:b, key c"),
        "a", Map.of("b:c", "tenant a, key b:c")));
  }

  @Test
  void keysWhoseConcatenationsCollide_changingOneLeavesTheOther() {
    Tenants.run("a:b", () -> cache.put("c", "first"));
    Tenants.run("a", () -> cache.put("b:c", "second"));

    assertThat(as("a", () -> cache.remove("b:c"))).isTrue();
    assertThat(as("a:b", () -> cache.get("c"))).isEqualTo("first");

    Tenants.run("a", () -> cache.put("b:c", "second"));
    admin(cache).clearTenant("a:b");
    assertThat(contents(cache)).isEqualTo(Map.of("a", Map.of("b:c", "second")));
  }
}
