package io.tenantcache.internal.store;

import static io.tenantcache.testing.CacheFixture.entries;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.internal.store.Expirable;
import io.tenantcache.testing.CacheFixture;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store holds an entry that never expires as its bare value and every other entry with its
 * expiry time. Which form an entry has must never show: not for a value that looks like the
 * store's own holder, not when an entry changes form on update, and not to a weigher.
 */
final class StoredValueFormTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  @ParameterizedTest(name = "eternal policy: {0}")
  @ValueSource(booleans = {true, false})
  void valueThatIsTheStoresHolderClass_isReturnedAsItself(boolean eternalPolicy) {
    // An eternal policy holds every value bare; any other holds bare only non-holder values.
    TenantCacheConfiguration.Builder<String, Object> builder =
        fixture.builder(String.class, Object.class).storeByValue(false);
    if (!eternalPolicy) {
      builder.expiryPolicy(CreatedExpiryPolicy.factoryOf(Duration.ETERNAL));
    }
    Cache<String, Object> cache = fixture.create(builder);
    Object holder = Expirable.of("inner", Expirable.ETERNAL, false);
    Object expiring = Expirable.of("inner", 5L, false);

    cache.put("holder", holder);
    cache.put("expiring", expiring);

    assertThat(cache.get("holder")).isSameAs(holder);
    assertThat(cache.get("expiring")).isSameAs(expiring);
    assertThat(cache.getAndPut("holder", "plain")).isSameAs(holder);
    assertThat(cache.get("holder")).isEqualTo("plain");
    Object invoked = cache.invoke("expiring", (entry, args) -> entry.getValue());
    assertThat(invoked).isSameAs(expiring);
    assertThat(entries(cache)).containsEntry("expiring", expiring);
  }

  @Test
  void eternalEntryOfAnExpiringCache_expiresOnceAnUpdateGivesItADuration() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .expiryPolicy(FactoryBuilder.factoryOf(EternalUntilUpdated.class)));
    cache.put("k", "created");
    cache.put("other", "created");

    fixture.ticker.advance(365, TimeUnit.DAYS);
    assertThat(cache.get("k")).isEqualTo("created");

    cache.put("k", "updated");
    fixture.ticker.advance(59, SECONDS);
    assertThat(cache.get("k")).isEqualTo("updated");
    fixture.ticker.advance(2, SECONDS);
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("other")).isEqualTo("created");
    assertThat(entries(cache)).containsOnlyKeys("other");
  }

  @Test
  void weigherAndEvictions_seeTheValueWhateverItsForm() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .maximumWeight(10, (String key, String value) -> value.length()));
    cache.put("a", "12345");
    cache.put("b", "12345");
    assertThat(entries(cache)).containsOnlyKeys("a", "b");

    cache.put("c", "1234567890");

    assertThat(entries(cache).values().stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(10);
  }

  /** Creation: eternal; an update: one minute; reads change nothing. */
  public static final class EternalUntilUpdated implements ExpiryPolicy, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Duration getExpiryForCreation() {
      return Duration.ETERNAL;
    }

    @Override
    public Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return Duration.ONE_MINUTE;
    }
  }
}
