package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCacheConfiguration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of DeclarativeConfigurationTest and DeclarativeConfigurationSourcesTest share:
 * their fixtures and helpers.
 */
abstract class DeclarativeConfigurationSupport {
  static final ClassLoader LOADER = DeclarativeConfigurationTest.class.getClassLoader();
  static final String TYPES = ConfigTestTypes.class.getName();

  @TempDir Path dir;

  static void checkUsers(TenantCacheConfiguration<?, ?> users) throws Exception {
    assertThat(users.getSerialFilter()).isEqualTo("maxdepth=20;java.base/*;!*");
    assertThat(users.getRefreshAfterWrite()).isEqualTo(Duration.ofMinutes(5));
    assertThat(users.getKeyType()).isEqualTo(String.class);
    assertThat(users.getValueType()).isEqualTo(Integer.class);
    assertThat(users.getMaximumSize()).isEqualTo(5000);
    assertThat(users.getMaximumWeight()).isEqualTo(-1);
    assertThat(users.getWeigher()).isNull();
    assertThat(users.getTenantQuota()).isEqualTo(1000);
    assertThat(users.isStoreByValue()).isTrue(); // the cache's block wins over the default block
    assertThat(users.isStatisticsEnabled()).isFalse();
    assertThat(users.isManagementEnabled()).isTrue();

    ExpiryPolicy expiry = users.getExpiryPolicyFactory().create();
    assertThat(expiry).isEqualTo(new ConfiguredExpiryPolicy(
        new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10),
        new javax.cache.expiry.Duration(TimeUnit.SECONDS, 30),
        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 1500)));
    assertThat(expiry.getExpiryForCreation().getTimeUnit()).isEqualTo(TimeUnit.MINUTES);
    assertThat(expiry.getExpiryForCreation().getDurationAmount()).isEqualTo(10);
    assertThat(expiry.getExpiryForAccess().getTimeUnit()).isEqualTo(TimeUnit.SECONDS);
    assertThat(expiry.getExpiryForUpdate().getDurationAmount()).isEqualTo(1500);

    assertThat(users.isReadThrough()).isTrue();
    assertThat(users.getCacheLoaderFactory()).isInstanceOf(ClassFactory.class);
    assertThat(((ClassFactory<?>) users.getCacheLoaderFactory()).className())
        .isEqualTo(TYPES + "$UserLoader");
    assertThat(((ClassFactory<?>) users.getCacheLoaderFactory()).setting())
        .isEqualTo("tenantcache.caches.users.read-through.loader");
    assertThat(users.getCacheLoaderFactory().create())
        .isInstanceOf(ConfigTestTypes.UserLoader.class);
    assertThat(users.isWriteThrough()).isTrue();
    assertThat(users.getCacheWriterFactory().create())
        .isInstanceOf(ConfigTestTypes.AuditWriter.class);

    List<? extends CacheEntryListenerConfiguration<?, ?>> listeners = StreamSupport
        .stream(users.getCacheEntryListenerConfigurations().spliterator(), false).toList();
    assertThat(listeners).hasSize(2);
    CacheEntryListenerConfiguration<?, ?> first = listeners.get(0);
    assertThat(first.getCacheEntryListenerFactory().create())
        .isInstanceOf(ConfigTestTypes.CreatedListener.class);
    assertThat(first.getCacheEntryEventFilterFactory().create())
        .isInstanceOf(ConfigTestTypes.EveryEvent.class);
    assertThat(first.isOldValueRequired()).isTrue();
    assertThat(first.isSynchronous()).isTrue();
    CacheEntryListenerConfiguration<?, ?> second = listeners.get(1);
    assertThat(second.getCacheEntryListenerFactory().create())
        .isInstanceOf(ConfigTestTypes.CreatedListener.class);
    assertThat(second.getCacheEntryEventFilterFactory()).isNull();
    assertThat(second.isOldValueRequired()).isFalse();
    assertThat(second.isSynchronous()).isFalse();

    LoadResilience resilience = users.getResilience();
    assertThat(resilience.timeLimiter().getTimeoutDuration()).isEqualTo(Duration.ofMillis(750));
    assertThat(resilience.timeLimiter().shouldCancelRunningFuture()).isTrue();
    RetryConfig retry = resilience.retry();
    assertThat(retry.getMaxAttempts()).isEqualTo(4);
    assertThat(List.of(1, 2, 3).stream()
        .map(attempt -> retry.getIntervalBiFunction().apply(attempt, null)).toList())
        .containsExactly(100L, 200L, 400L);
    assertThat(retry.getExceptionPredicate().test(new IOException("down"))).isTrue();
    assertThat(retry.getExceptionPredicate().test(new FileNotFoundException("gone"))).isFalse();
    assertThat(retry.getExceptionPredicate().test(new IllegalStateException("bug"))).isFalse();
    CircuitBreakerConfig breaker = resilience.circuitBreaker();
    assertThat(resilience.circuitBreakerScope()).isEqualTo(ResilienceScope.CACHE);
    assertThat(breaker.getFailureRateThreshold()).isEqualTo(40f);
    assertThat(breaker.getSlowCallRateThreshold()).isEqualTo(80.5f);
    assertThat(breaker.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(2));
    assertThat(breaker.getSlidingWindowSize()).isEqualTo(20);
    assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(10);
    assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(15_000L);
    assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
    BulkheadConfig bulkhead = resilience.bulkhead();
    assertThat(resilience.bulkheadScope()).isEqualTo(ResilienceScope.CACHE);
    assertThat(bulkhead.getMaxConcurrentCalls()).isEqualTo(8);
    assertThat(bulkhead.getMaxWaitDuration()).isEqualTo(Duration.ofMillis(50));
    assertThat(resilience.fallback()).isInstanceOf(ConfigTestTypes.Fallback.class);
    assertThat(resilience.isFallbackStored()).isTrue();
    assertThat(resilience.maxStaleness()).isEqualTo(Duration.ofMinutes(5));
  }

  static void checkBlobs(TenantCacheConfiguration<?, ?> blobs) {
    assertThat(blobs.getKeyType()).isEqualTo(Object.class);
    assertThat(blobs.getValueType()).isEqualTo(Object.class);
    assertThat(blobs.getMaximumWeight()).isEqualTo(64L * 1024 * 1024);
    assertThat(blobs.getMaximumSize()).isEqualTo(-1);
    assertThat(blobs.getWeigher()).isInstanceOf(ConfigTestTypes.LengthWeigher.class);
    assertThat(blobs.getTenantQuota()).isEqualTo(100);
    assertThat(blobs.isStoreByValue()).isFalse(); // from the default block
    assertThat(blobs.isStatisticsEnabled()).isTrue(); // from the default block
    assertThat(blobs.isManagementEnabled()).isFalse();
    assertThat(blobs.getExpiryPolicyFactory().create()).isEqualTo(
        new ConfiguredExpiryPolicy(javax.cache.expiry.Duration.ETERNAL, null, null));
    assertThat(blobs.isReadThrough()).isFalse();
    assertThat(blobs.getCacheLoaderFactory()).isNull();
    assertThat(blobs.isWriteThrough()).isFalse();
    assertThat(blobs.getCacheWriterFactory()).isNull();
    assertThat(blobs.getCacheEntryListenerConfigurations()).isEmpty();

    LoadResilience resilience = blobs.getResilience();
    assertThat(resilience.timeLimiter()).isNull();
    assertThat(resilience.retry()).isNull(); // retry = null turns the default block's off
    assertThat(resilience.circuitBreakerScope()).isEqualTo(ResilienceScope.TENANT);
    CircuitBreakerConfig defaults = CircuitBreakerConfig.ofDefaults();
    CircuitBreakerConfig breaker = resilience.circuitBreaker();
    assertThat(breaker.getFailureRateThreshold()).isEqualTo(defaults.getFailureRateThreshold());
    assertThat(breaker.getSlowCallRateThreshold()).isEqualTo(defaults.getSlowCallRateThreshold());
    assertThat(breaker.getSlowCallDurationThreshold())
        .isEqualTo(defaults.getSlowCallDurationThreshold());
    assertThat(breaker.getSlidingWindowSize()).isEqualTo(defaults.getSlidingWindowSize());
    assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(defaults.getMinimumNumberOfCalls());
    assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1))
        .isEqualTo(defaults.getWaitIntervalFunctionInOpenState().apply(1));
    assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState())
        .isEqualTo(defaults.getPermittedNumberOfCallsInHalfOpenState());
    assertThat(resilience.bulkheadScope()).isEqualTo(ResilienceScope.TENANT);
    assertThat(resilience.bulkhead().getMaxConcurrentCalls())
        .isEqualTo(BulkheadConfig.ofDefaults().getMaxConcurrentCalls());
    assertThat(resilience.bulkhead().getMaxWaitDuration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(resilience.isStaleIfError()).isFalse();
  }

  static void checkBook(TenantCacheConfiguration<?, ?> book) {
    assertThat(book.getMaximumSize()).isEqualTo(200);
    assertThat(book.getTenantQuota()).isEqualTo(50);
    assertThat(book.isReadThrough()).isFalse();
    assertThat(book.getCacheLoaderFactory().create())
        .isInstanceOf(ConfigTestTypes.UserLoader.class);
    assertThat(book.getExpiryPolicyFactory().create()).isInstanceOf(EternalExpiryPolicy.class);
    RetryConfig retry = book.getResilience().retry(); // the default block's
    assertThat(retry.getMaxAttempts()).isEqualTo(2);
    assertThat(retry.getIntervalBiFunction().apply(1, null)).isEqualTo(500L);
    assertThat(book.getResilience().circuitBreaker()).isNull();
    assertThat(book.getResilience().bulkhead()).isNull();
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  DeclarativeConfiguration load(String hocon) throws IOException {
    Path file = Files.createTempFile(dir, "tenantcache", ".conf");
    Files.writeString(file, hocon);
    return DeclarativeConfiguration.load(file.toUri(), LOADER);
  }
}
