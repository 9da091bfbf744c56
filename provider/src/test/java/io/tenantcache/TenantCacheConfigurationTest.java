package io.tenantcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.testing.CacheFixture;
import java.util.Collection;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.Test;

/** {@link TenantCacheConfiguration}: its defaults, copying a JCache configuration, validation. */
final class TenantCacheConfigurationTest {

  @Test
  void builder_defaults_areJCachesDefaultsBoundedToDefaultMaximumSize() {
    TenantCacheConfiguration<String, Integer> configuration =
        TenantCacheConfiguration.builder(String.class, Integer.class).build();

    assertThat(configuration.getKeyType()).isEqualTo(String.class);
    assertThat(configuration.getValueType()).isEqualTo(Integer.class);
    assertThat(configuration.isStoreByValue()).isTrue();
    assertThat(configuration.isReadThrough()).isFalse();
    assertThat(configuration.isWriteThrough()).isFalse();
    assertThat(configuration.isStatisticsEnabled()).isFalse();
    assertThat(configuration.isManagementEnabled()).isFalse();
    assertThat(configuration.getCacheLoaderFactory()).isNull();
    assertThat(configuration.getCacheWriterFactory()).isNull();
    assertThat(configuration.getExpiryPolicyFactory().create()).isInstanceOf(EternalExpiryPolicy.class);
    assertThat(configuration.getCacheEntryListenerConfigurations()).isEmpty();
    assertThat(configuration.getMaximumSize())
        .isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE).isEqualTo(100_000);
    assertThat(configuration.getMaximumWeight()).isEqualTo(-1);
    assertThat(configuration.getWeigher()).isNull();
    assertThat(configuration.getTicker()).isNull();
  }

  @Test
  void from_mutableConfiguration_copiesEverySetting() {
    Factory<CacheLoader<String, Integer>> loader = NoLoader::new;
    Factory<CacheWriter<? super String, ? super Integer>> writer =
        NoWriter::new;
    Factory<ExpiryPolicy> expiry = CreatedExpiryPolicy.factoryOf(Duration.FIVE_MINUTES);
    CacheEntryListenerConfiguration<String, Integer> listener = listener();
    MutableConfiguration<String, Integer> mutable = new MutableConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class)
        .setStoreByValue(false)
        .setReadThrough(true)
        .setWriteThrough(true)
        .setStatisticsEnabled(true)
        .setManagementEnabled(true)
        .setCacheLoaderFactory(loader)
        .setCacheWriterFactory(writer)
        .setExpiryPolicyFactory(expiry)
        .addCacheEntryListenerConfiguration(listener);

    TenantCacheConfiguration<String, Integer> copy = TenantCacheConfiguration.from(mutable).build();

    assertThat(copy.getKeyType()).isEqualTo(String.class);
    assertThat(copy.getValueType()).isEqualTo(Integer.class);
    assertThat(copy.isStoreByValue()).isFalse();
    assertThat(copy.isReadThrough()).isTrue();
    assertThat(copy.isWriteThrough()).isTrue();
    assertThat(copy.isStatisticsEnabled()).isTrue();
    assertThat(copy.isManagementEnabled()).isTrue();
    assertThat(copy.getCacheLoaderFactory()).isSameAs(loader);
    assertThat(copy.getCacheWriterFactory()).isSameAs(writer);
    assertThat(copy.getExpiryPolicyFactory()).isSameAs(expiry);
    assertThat(copy.getCacheEntryListenerConfigurations()).containsExactly(listener);
    assertThat(copy.getMaximumSize()).isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
  }

  @Test
  void from_defaultMutableConfiguration_equalsBuilderDefaults() {
    TenantCacheConfiguration<Object, Object> copy =
        TenantCacheConfiguration.from(new MutableConfiguration<Object, Object>()).build();

    assertThat(copy.getKeyType()).isEqualTo(Object.class);
    assertThat(copy.getValueType()).isEqualTo(Object.class);
    assertThat(copy.isStoreByValue()).isTrue();
    assertThat(copy.isReadThrough()).isFalse();
    assertThat(copy.isWriteThrough()).isFalse();
    assertThat(copy.isStatisticsEnabled()).isFalse();
    assertThat(copy.isManagementEnabled()).isFalse();
    assertThat(copy.getCacheLoaderFactory()).isNull();
    assertThat(copy.getCacheWriterFactory()).isNull();
    assertThat(copy.getExpiryPolicyFactory().create()).isInstanceOf(EternalExpiryPolicy.class);
    assertThat(copy.getCacheEntryListenerConfigurations()).isEmpty();
  }

  @Test
  void from_tenantCacheConfiguration_keepsBoundsAndTicker() {
    CacheFixture.FakeTicker ticker = new CacheFixture.FakeTicker();
    TenantCacheConfiguration<String, String> original =
        TenantCacheConfiguration.builder(String.class, String.class)
            .maximumSize(42).ticker(ticker).storeByValue(false).build();

    TenantCacheConfiguration<String, String> copy = original.toBuilder().build();

    assertThat(copy.getMaximumSize()).isEqualTo(42);
    assertThat(copy.getTicker()).isSameAs(ticker);
    assertThat(copy.isStoreByValue()).isFalse();
  }

  @Test
  void createCache_fromMutableConfiguration_reportsEverySetting() {
    try (CacheFixture fixture = new CacheFixture()) {
      CacheEntryListenerConfiguration<String, Integer> listener = listener();
      Cache<String, Integer> cache = fixture.create(new MutableConfiguration<String, Integer>()
          .setTypes(String.class, Integer.class)
          .setStoreByValue(false)
          .setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(NoLoader.class))
          .setStatisticsEnabled(true)
          .addCacheEntryListenerConfiguration(listener));

      @SuppressWarnings("unchecked")
      CompleteConfiguration<String, Integer> reported =
          cache.getConfiguration(CompleteConfiguration.class);
      assertThat(reported.getKeyType()).isEqualTo(String.class);
      assertThat(reported.getValueType()).isEqualTo(Integer.class);
      assertThat(reported.isStoreByValue()).isFalse();
      assertThat(reported.isReadThrough()).isTrue();
      assertThat(reported.isWriteThrough()).isFalse();
      assertThat(reported.isStatisticsEnabled()).isTrue();
      assertThat(reported.isManagementEnabled()).isFalse();
      assertThat(reported.getCacheEntryListenerConfigurations()).containsExactly(listener);
    }
  }

  @Test
  void maximumSize_negative_throwsIllegalArgumentExceptionWithTheValue() {
    TenantCacheConfiguration.Builder<String, String> builder =
        TenantCacheConfiguration.builder(String.class, String.class);

    assertThatThrownBy(() -> builder.maximumSize(-42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumSize")
        .hasMessageContaining("-42");
    assertThat(builder.build().getMaximumSize())
        .isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
  }

  @Test
  void maximumWeight_negative_throwsIllegalArgumentExceptionWithTheValue() {
    assertThatThrownBy(() -> TenantCacheConfiguration.builder(String.class, String.class)
        .maximumWeight(-7, (key, value) -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumWeight")
        .hasMessageContaining("-7");
  }

  @Test
  void maximumSize_zeroAndPositive_areAccepted() {
    assertThat(TenantCacheConfiguration.builder(String.class, String.class).maximumSize(0).build()
        .getMaximumSize()).isZero();
    assertThat(TenantCacheConfiguration.builder(String.class, String.class).maximumSize(5).build()
        .getMaximumSize()).isEqualTo(5);
  }

  @Test
  void addListener_twice_throwsIllegalArgumentException() {
    CacheEntryListenerConfiguration<String, Integer> listener = listener();
    TenantCacheConfiguration.Builder<String, Integer> builder =
        TenantCacheConfiguration.builder(String.class, Integer.class).addListener(listener);

    assertThatThrownBy(() -> builder.addListener(listener))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builtConfiguration_isNotChangedByItsBuilderAfterwards() {
    TenantCacheConfiguration.Builder<String, Integer> builder =
        TenantCacheConfiguration.builder(String.class, Integer.class);
    TenantCacheConfiguration<String, Integer> built = builder.build();

    builder.addListener(listener()).statisticsEnabled(true).maximumSize(3);

    assertThat(built.getCacheEntryListenerConfigurations()).isEmpty();
    assertThat(built.isStatisticsEnabled()).isFalse();
    assertThat(built.getMaximumSize()).isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
  }

  private static CacheEntryListenerConfiguration<String, Integer> listener() {
    Factory<CacheEntryListener<? super String, ? super Integer>> factory =
        NoListener::new;
    return new MutableCacheEntryListenerConfiguration<>(factory, null, false, true);
  }

  /** A loader with nothing to load. */
  public static final class NoLoader implements CacheLoader<String, Integer> {
    @Override
    public Integer load(String key) {
      return null;
    }

    @Override
    public Map<String, Integer> loadAll(Iterable<? extends String> keys) {
      return Map.of();
    }
  }

  /** A writer that writes nowhere. */
  public static final class NoWriter implements CacheWriter<String, Integer> {
    @Override
    public void write(Cache.Entry<? extends String, ? extends Integer> entry) {}

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends Integer>> entries) {
      entries.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.clear();
    }
  }

  /** A listener that ignores its events. */
  public static final class NoListener implements CacheEntryCreatedListener<String, Integer> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {}
  }
}
