package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.CacheFixture.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.Tenants;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;

/**
 * The admin view {@code cache.unwrap(TenantCache.class)} and the manager's tenant operations:
 * they act on the tenant they name, whatever is bound on the calling thread, and on nothing else.
 */
final class TenantAdminTest extends TenantAdminSupport {

  // --- forTenant ----------------------------------------------------------------------------

  @Test
  void forTenant_withNothingBound_actsOnThatTenant() {
    Cache<String, String> cache = fixture.strings();
    Cache<String, String> acme = admin(cache).forTenant(A);

    acme.put("k", "a1");

    assertThat(Tenants.current()).isEmpty();
    assertThat(acme.get("k")).isEqualTo("a1");
    assertThat(acme.containsKey("k")).isTrue();
    assertThat(as(A, () -> cache.get("k"))).isEqualTo("a1");
    assertThat(cache.get("k")).as("the unbound call acts on the default tenant").isNull();
    assertThat(admin(cache).tenants()).containsExactly(A);
  }

  @Test
  void forTenant_withAnotherTenantBound_stillActsOnItsOwnTenant() {
    Cache<String, String> cache = fixture.strings();
    fill(cache, B, "k", "only-b");

    Tenants.run(B, () -> {
      Cache<String, String> acme = admin(cache).forTenant(A);
      acme.put("k", "a1");
      assertThat(acme.get("k")).isEqualTo("a1");
      assertThat(acme.get("only-b")).isNull();
      assertThat(entries(acme)).containsExactly(Map.entry("k", "a1"));
      assertThat(cache.get("k")).as("the bound tenant's own entry").isEqualTo("globex:k");
      acme.remove("k");
      assertThat(cache.get("k")).isEqualTo("globex:k");
      assertThat(Tenants.current()).contains(B);
    });

    assertThat(entries(admin(cache).forTenant(A))).isEmpty();
    assertThat(entries(admin(cache).forTenant(B)))
        .containsOnlyKeys("k", "only-b");
  }

  @Test
  void forTenant_clearAndRemoveAll_touchOnlyThatTenant() {
    Cache<String, String> cache = fixture.strings();
    fill(cache, A, "k1", "k2");
    fill(cache, B, "k1", "k2");

    Tenants.run(B, () -> admin(cache).forTenant(A).removeAll());

    assertThat(admin(cache).tenants()).containsExactly(B);
    assertThat(entries(admin(cache).forTenant(B))).hasSize(2);
  }

  @Test
  void forTenant_invalidId_throwsIllegalArgument() {
    TenantCache<String, String> admin = admin(fixture.strings());

    assertThatThrownBy(() -> admin.forTenant(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> admin.forTenant(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> admin.forTenant("x".repeat(Tenants.MAX_ID_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- tenants() ------------------------------------------------------------------------------

  @Test
  void tenants_listsExactlyTheTenantsHoldingEntries() {
    Cache<String, String> cache = fixture.strings();
    assertThat(admin(cache).tenants()).isEmpty();

    fill(cache, A, "k1");
    fill(cache, B, "k1", "k2");
    fill(cache, C, "k1");
    Tenants.run("reader-only", () -> cache.get("k1"));

    assertThat(admin(cache).tenants()).containsExactlyInAnyOrder(A, B, C);
  }

  @Test
  void tenants_dropsATenantWhoseEntriesWereAllRemoved() {
    Cache<String, String> cache = fixture.strings();
    fill(cache, A, "k1", "k2", "k3");
    fill(cache, B, "k1");
    fill(cache, C, "k1", "k2");

    Tenants.run(A, () -> {
      cache.remove("k1");
      cache.getAndRemove("k2");
      cache.invoke("k3", (entry, args) -> {
        entry.remove();
        return null;
      });
    });
    Tenants.run(B, cache::removeAll);
    Tenants.run(C, cache::clear);

    assertThat(admin(cache).tenants()).isEmpty();

    fill(cache, B, "again");
    assertThat(admin(cache).tenants()).containsExactly(B);
  }

  @Test
  void tenants_dropsATenantEmptiedThroughItsIterator() {
    Cache<String, String> cache = fixture.strings();
    fill(cache, A, "k1", "k2");
    fill(cache, B, "k1");

    Tenants.run(A, () -> {
      var iterator = cache.iterator();
      while (iterator.hasNext()) {
        iterator.next();
        iterator.remove();
      }
    });

    assertThat(admin(cache).tenants()).containsExactly(B);
  }

  @Test
  void tenantsAndSize_doNotCountEntriesThatHaveExpired() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(
            Duration.ONE_MINUTE)));
    fill(cache, A, "k1", "k2");
    fill(cache, B, "k1");
    fixture.ticker.advance(2, TimeUnit.MINUTES);
    Tenants.run(B, () -> cache.put("fresh", "globex:fresh"));

    assertThat(as(A, () -> cache.get("k1"))).isNull();
    assertThat(entries(admin(cache).forTenant(A))).isEmpty();
    assertThat(admin(cache).statistics(A).size()).isZero();
    assertThat(admin(cache).statistics(B).size()).isEqualTo(1);
    assertThat(admin(cache).tenants()).containsExactly(B);
  }

  @Test
  void tenantsAndSize_doNotCountExpiredEntries_beforeAnyOtherCall() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .expiryPolicy(CreatedExpiryPolicy.factoryOf(
            Duration.ONE_MINUTE)));
    fill(cache, A, "k1", "k2");
    fixture.ticker.advance(2, TimeUnit.MINUTES);

    assertThat(admin(cache).statistics(A).size()).isZero();
    assertThat(admin(cache).tenants()).isEmpty();
  }

  // --- clearTenant ----------------------------------------------------------------------------

  @Test
  void clearTenant_removesOnlyThatTenantsEntries() {
    Cache<String, String> cache = fixture.strings();
    fill(cache, A, "k1", "k2", "k3");
    fill(cache, B, "k1", "k2");
    fill(cache, C, "k1");

    Tenants.run(B, () -> admin(cache).clearTenant(A));

    assertThat(entries(admin(cache).forTenant(A))).isEmpty();
    assertThat(entries(admin(cache).forTenant(B)))
        .containsOnly(Map.entry("k1", "globex:k1"), Map.entry("k2", "globex:k2"));
    assertThat(entries(admin(cache).forTenant(C))).containsOnly(Map.entry("k1", "initech:k1"));
    assertThat(admin(cache).tenants()).containsExactlyInAnyOrder(B, C);
    assertThat(admin(cache).statistics(A).size()).isZero();
    assertThat(admin(cache).statistics(B).size()).isEqualTo(2);
  }

  @Test
  void clearTenant_firesNoListenerEventsAndCallsNoWriter() {
    RecordingWriter<String, String> writer = new RecordingWriter<>();
    RecordingListener<String, String> listener = new RecordingListener<>();
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .writeThrough(() -> writer)
        .addListener(listener.configuration(true)));
    fill(cache, A, "k1", "k2");
    fill(cache, B, "k1");
    int eventsBefore = listener.events().size();
    int writesBefore = writer.calls().size();
    assertThat(eventsBefore).isEqualTo(3);
    assertThat(writesBefore).isEqualTo(3);

    admin(cache).clearTenant(A);

    assertThat(listener.events()).hasSize(eventsBefore);
    assertThat(writer.calls()).hasSize(writesBefore);
    assertThat(admin(cache).tenants()).containsExactly(B);
  }

  @Test
  void clearTenant_ofAnUnknownTenant_changesNothing() {
    Cache<String, String> cache = fixture.strings();
    fill(cache, A, "k1");

    admin(cache).clearTenant("nobody");

    assertThat(entries(admin(cache).forTenant(A))).containsOnlyKeys("k1");
  }

  @Test
  void clearTenant_invalidId_throwsIllegalArgument() {
    TenantCache<String, String> admin = admin(fixture.strings());

    assertThatThrownBy(() -> admin.clearTenant("")).isInstanceOf(IllegalArgumentException.class);
  }
}
