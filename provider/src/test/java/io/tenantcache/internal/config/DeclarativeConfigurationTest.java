package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.tenantcache.LoadResilience;
import io.tenantcache.ResilienceScope;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheConfigurationException;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.StreamSupport;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DeclarativeConfiguration}: where files come from and what they produce. */
final class DeclarativeConfigurationTest {
  private static final ClassLoader LOADER = DeclarativeConfigurationTest.class.getClassLoader();
  private static final String TYPES = ConfigTestTypes.class.getName();

  @TempDir Path dir;

  @Test
  void load_fullFile_producesExactlyTheConfiguredValues() throws Exception {
    DeclarativeConfiguration declared =
        DeclarativeConfiguration.load(URI.create("classpath:config/full.conf"), LOADER);

    assertThat(declared.source()).isEqualTo("classpath:config/full.conf");
    assertThat(declared.managerProperties()).containsExactly(
        entry(TenantCacheProperties.TENANT_RESOLVER, TYPES + "$HeaderResolver"),
        entry(TenantCacheProperties.MISSING_TENANT, "reject"),
        entry(TenantCacheProperties.DEFAULT_TENANT, "shared"),
        entry("tenantcache.metrics.enabled", "false"),
        entry("tenantcache.metrics.tenant-tag", "false"),
        entry("tenantcache.metrics.tenant-cap", "25"),
        entry(TenantCacheProperties.METRICS_LOAD_SLO, "PT0.001S, PT0.01S, PT0.1S, PT1S"),
        entry("tenantcache.management.tenant-table-size", "10"));
    assertThat(declared.caches()).containsOnlyKeys("users", "blobs", "com.example.Book");
    assertThat(declared.caches().keySet()).containsExactly("users", "blobs", "com.example.Book");

    checkUsers(declared.caches().get("users"));
    checkBlobs(declared.caches().get("blobs"));
    checkBook(declared.caches().get("com.example.Book"));
  }

  private static void checkUsers(TenantCacheConfiguration<?, ?> users) throws Exception {
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

  private static void checkBlobs(TenantCacheConfiguration<?, ?> blobs) {
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

  private static void checkBook(TenantCacheConfiguration<?, ?> book) {
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

  @Test
  void load_emptyCacheBlock_isTheProgrammaticDefault() throws IOException {
    TenantCacheConfiguration<?, ?> declared =
        load("tenantcache.caches { plain {} }").caches().get("plain");
    TenantCacheConfiguration<Object, Object> programmatic =
        TenantCacheConfiguration.builder(Object.class, Object.class).build();

    assertThat(declared.toString()).isEqualTo(programmatic.toString());
    assertThat(declared.getMaximumSize()).isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
    assertThat(declared.getTenantQuota()).isEqualTo(-1);
    assertThat(declared.getExpiryPolicyFactory().create()).isInstanceOf(EternalExpiryPolicy.class);
    assertThat(declared.getResilience()).isSameAs(LoadResilience.NONE);
    assertThat(declared.isStoreByValue()).isTrue();
    assertThat(declared.getCacheLoaderFactory()).isNull();
  }

  @Test
  void load_fileWithoutManagerSettings_setsNoManagerProperties() throws IOException {
    DeclarativeConfiguration declared = load("tenantcache.caches { a {} }");

    assertThat(declared.managerProperties()).isEmpty();
    Properties explicit = new Properties();
    assertThat(declared.mergeUnder(explicit)).isSameAs(explicit);
  }

  @Test
  void mergeUnder_explicitPropertiesWin() throws IOException {
    DeclarativeConfiguration declared = load("tenantcache.tenancy {\n missing-tenant = reject\n"
        + " default-tenant = fromfile\n}\ntenantcache.metrics.tenant-cap = 7");
    Properties defaults = new Properties();
    defaults.setProperty(TenantCacheProperties.DEFAULT_TENANT, "fromdefaults");
    Properties explicit = new Properties(defaults);
    TenantResolver resolver = java.util.Optional::empty;
    explicit.put(TenantCacheProperties.TENANT_RESOLVER, resolver);
    explicit.setProperty("tenantcache.metrics.tenant-cap", "9");

    Properties merged = declared.mergeUnder(explicit);

    assertThat(merged.get(TenantCacheProperties.MISSING_TENANT)).isEqualTo("reject");
    assertThat(merged.get(TenantCacheProperties.DEFAULT_TENANT)).isEqualTo("fromdefaults");
    assertThat(merged.get(TenantCacheProperties.TENANT_RESOLVER)).isSameAs(resolver);
    assertThat(merged.get("tenantcache.metrics.tenant-cap")).isEqualTo("9");
    assertThat(explicit).hasSize(2); // untouched
  }

  @Test
  void load_cachesComeInTheOrderOfTheFile() {
    DeclarativeConfiguration declared =
        DeclarativeConfiguration.load(URI.create("classpath:/config/order.conf"), LOADER);

    assertThat(declared.caches().keySet())
        .containsExactly("zeta", "alpha", "m.i.d", "beta", "aaa-last");
  }

  @Test
  void load_defaultBlock_appliesToEveryCache_cacheBlockOverridesKeyByKey() throws IOException {
    DeclarativeConfiguration declared = load("""
        tenantcache {
          default {
            maximum-size = 300
            expiry { created = 1h, accessed = 5m }
            statistics = true
          }
          caches {
            a {}
            b { maximum-size = 7, expiry.created = 2h }
            c { expiry = null, statistics = false }
          }
        }
        """);

    TenantCacheConfiguration<?, ?> a = declared.caches().get("a");
    assertThat(a.getMaximumSize()).isEqualTo(300);
    assertThat(a.isStatisticsEnabled()).isTrue();
    assertThat(a.getExpiryPolicyFactory().create()).isEqualTo(new ConfiguredExpiryPolicy(
        new javax.cache.expiry.Duration(TimeUnit.HOURS, 1),
        new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5), null));
    TenantCacheConfiguration<?, ?> b = declared.caches().get("b");
    assertThat(b.getMaximumSize()).isEqualTo(7);
    assertThat(b.getExpiryPolicyFactory().create()).isEqualTo(new ConfiguredExpiryPolicy(
        new javax.cache.expiry.Duration(TimeUnit.HOURS, 2),
        new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5), null));
    TenantCacheConfiguration<?, ?> c = declared.caches().get("c");
    assertThat(c.getExpiryPolicyFactory().create()).isInstanceOf(EternalExpiryPolicy.class);
    assertThat(c.isStatisticsEnabled()).isFalse();
  }

  @Test
  void load_sizeOrWeight_mostSpecificBlockDecides() throws IOException {
    DeclarativeConfiguration declared = load("""
        tenantcache {
          default {
            maximum-weight = 1000
            weigher = "%1$s.LengthWeigher"
            maximum-size-per-tenant = 10
          }
          caches {
            weighed {}
            sized { maximum-size = 50, maximum-tenant-share = 0.5 }
            fallback { maximum-weight = null, maximum-size-per-tenant = null }
          }
        }
        """.formatted(TYPES));

    TenantCacheConfiguration<?, ?> weighed = declared.caches().get("weighed");
    assertThat(weighed.getMaximumWeight()).isEqualTo(1000);
    assertThat(weighed.getMaximumSize()).isEqualTo(-1);
    assertThat(weighed.getTenantQuota()).isEqualTo(10);
    TenantCacheConfiguration<?, ?> sized = declared.caches().get("sized");
    assertThat(sized.getMaximumSize()).isEqualTo(50);
    assertThat(sized.getMaximumWeight()).isEqualTo(-1);
    assertThat(sized.getTenantQuota()).isEqualTo(25);
    TenantCacheConfiguration<?, ?> fallback = declared.caches().get("fallback");
    assertThat(fallback.getMaximumSize()).isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
    assertThat(fallback.getMaximumWeight()).isEqualTo(-1);
    assertThat(fallback.getTenantQuota()).isEqualTo(-1);
  }

  @Test
  void load_resilienceSections_onlyWhenPresent() throws IOException {
    DeclarativeConfiguration declared = load("""
        tenantcache.caches {
          none { resilience {} }
          retry-only { resilience.retry {} }
          stale-only { resilience.stale-if-error = 30s }
          zero-stale { resilience.stale-if-error = 0 }
        }
        """);

    assertThat(declared.caches().get("none").getResilience()).isSameAs(LoadResilience.NONE);
    LoadResilience retryOnly = declared.caches().get("retry-only").getResilience();
    assertThat(retryOnly.retry().getMaxAttempts()).isEqualTo(3);
    assertThat(retryOnly.retry().getIntervalBiFunction().apply(2, null)).isEqualTo(500L);
    assertThat(retryOnly.retry().getExceptionPredicate().test(new IllegalStateException()))
        .isTrue();
    assertThat(retryOnly.circuitBreaker()).isNull();
    assertThat(retryOnly.bulkhead()).isNull();
    assertThat(retryOnly.timeLimiter()).isNull();
    LoadResilience staleOnly = declared.caches().get("stale-only").getResilience();
    assertThat(staleOnly.maxStaleness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(staleOnly.retry()).isNull();
    assertThat(declared.caches().get("zero-stale").getResilience()).isSameAs(LoadResilience.NONE);
  }

  @Test
  void load_retryJitter_randomizesAroundTheWait() throws IOException {
    RetryConfig retry = load("tenantcache.caches.c.resilience.retry { wait = 1s, jitter = 0.5 }")
        .caches().get("c").getResilience().retry();

    for (int i = 0; i < 20; i++) {
      assertThat(retry.getIntervalBiFunction().apply(1, null)).isBetween(500L, 1500L);
    }
  }

  @Test
  void load_weightAsPlainNumber_andListenersInTheDefaultBlock() throws IOException {
    DeclarativeConfiguration declared = load("""
        tenantcache {
          default.listeners = [{ class = "%1$s$CreatedListener" }]
          caches {
            heard { maximum-weight = 12345, weigher = "%1$s$LengthWeigher" }
            quiet { listeners = [] }
          }
        }
        """.formatted(TYPES));

    assertThat(declared.caches().get("heard").getMaximumWeight()).isEqualTo(12345);
    assertThat(declared.caches().get("heard").getCacheEntryListenerConfigurations()).hasSize(1);
    assertThat(declared.caches().get("quiet").getCacheEntryListenerConfigurations()).isEmpty();
  }

  @Test
  void load_substitutionsAndIncludes_work() throws IOException {
    Files.writeString(dir.resolve("shared.conf"), "shared-size = 77\n");
    DeclarativeConfiguration declared = load("""
        include "shared.conf"
        tenantcache.caches {
          a { maximum-size = ${shared-size} }
          b { maximum-size = ${tenantcache.caches.a.maximum-size} }
          c { maximum-size = ${tenantcache.default.maximum-size} }
        }
        """);

    assertThat(declared.caches().get("a").getMaximumSize()).isEqualTo(77);
    assertThat(declared.caches().get("b").getMaximumSize()).isEqualTo(77);
    assertThat(declared.caches().get("c").getMaximumSize()).isEqualTo(100_000);
  }

  @Test
  void load_environmentOverrideIdiom_keepsTheFileValueWhenTheVariableIsUnset() throws IOException {
    String unset = "${?TENANTCACHE_TEST_VARIABLE_THAT_IS_NEVER_SET}";
    DeclarativeConfiguration declared = load("""
        tenantcache {
          tenancy.default-tenant = "fallback"
          tenancy.default-tenant = %1$s
          metrics.tenant-cap = %1$s
          default.maximum-weight = %1$s
          caches {
            a { maximum-size = 10, maximum-size = %1$s }
            b { listeners = [], listeners = ${tenantcache.default.listeners} }
          }
        }
        """.formatted(unset));

    assertThat(declared.managerProperties())
        .containsExactly(entry(TenantCacheProperties.DEFAULT_TENANT, "fallback"));
    assertThat(declared.caches().get("a").getMaximumSize()).isEqualTo(10);
    assertThat(declared.caches().get("b").getMaximumSize())
        .isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
  }

  @Test
  void load_ignoresSystemPropertiesAndApplicationConf() throws IOException {
    String key = "tenantcache.default.maximum-size";
    String previous = System.getProperty(key);
    System.setProperty(key, "3");
    try {
      assertThat(load("tenantcache.caches { a {} }").caches().get("a").getMaximumSize())
          .isEqualTo(TenantCacheConfiguration.DEFAULT_MAXIMUM_SIZE);
    } finally {
      if (previous == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, previous);
      }
    }
  }

  @Test
  void load_fileUri_absoluteAndRelative() throws IOException {
    Path file = dir.resolve("my cache.conf");
    Files.writeString(file, "tenantcache.caches { fromfile { maximum-size = 11 } }");

    DeclarativeConfiguration absolute = DeclarativeConfiguration.load(file.toUri(), LOADER);
    assertThat(absolute.caches().get("fromfile").getMaximumSize()).isEqualTo(11);
    assertThat(absolute.source()).isEqualTo(file.toString());

    Path relative = Path.of("").toAbsolutePath().relativize(file);
    DeclarativeConfiguration opaque =
        DeclarativeConfiguration.load(URI.create("file:" + relative.toString().replace(" ", "%20")), LOADER);
    assertThat(opaque.caches()).containsOnlyKeys("fromfile");
  }

  @Test
  void load_jarUri_readsTheEntry() throws IOException {
    Path jar = dir.resolve("app.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry("conf/tenantcache.conf"));
      jarOut.write("tenantcache.caches.injar.maximum-size = 5".getBytes(StandardCharsets.UTF_8));
      jarOut.closeEntry();
    }
    URI uri = URI.create("jar:" + jar.toUri() + "!/conf/tenantcache.conf");

    assertThat(DeclarativeConfiguration.load(uri, LOADER).caches().get("injar").getMaximumSize())
        .isEqualTo(5);
  }

  @Test
  void load_classpathUri_missingResource_failsNamingIt() {
    assertThatThrownBy(() ->
        DeclarativeConfiguration.load(URI.create("classpath:config/nope.conf"), LOADER))
        .isInstanceOf(TenantCacheConfigurationException.class)
        .hasMessageContaining("classpath:config/nope.conf")
        .hasMessageContaining("does not have");
  }

  @Test
  void load_fileUri_missingFile_failsNamingIt() {
    URI uri = dir.resolve("missing.conf").toUri();

    assertThatThrownBy(() -> DeclarativeConfiguration.load(uri, LOADER))
        .isInstanceOf(TenantCacheConfigurationException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void load_otherUri_withoutTenantcacheConf_isEmpty() {
    DeclarativeConfiguration declared =
        DeclarativeConfiguration.load(URI.create("urn:tenantcache:default"), LOADER);

    assertThat(declared).isSameAs(DeclarativeConfiguration.EMPTY);
    assertThat(declared.isEmpty()).isTrue();
    assertThat(declared.source()).isNull();
  }

  @Test
  void load_otherUri_readsTenantcacheConfOfTheClassLoader() throws Exception {
    URL folder = LOADER.getResource("config/discovery/");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {folder}, LOADER)) {
      DeclarativeConfiguration declared =
          DeclarativeConfiguration.load(URI.create("urn:my-app"), loader);

      assertThat(declared.source()).isEqualTo("classpath:tenantcache.conf");
      assertThat(declared.caches().get("discovered").getMaximumSize()).isEqualTo(42);
      assertThat(declared.managerProperties())
          .containsExactly(entry(TenantCacheProperties.DEFAULT_TENANT, "discovered"));
    }
  }

  @Test
  void load_fileWithoutTenantcacheTree_declaresNothing() throws IOException {
    DeclarativeConfiguration declared = load("someone-else { tenantcache-ish = 1 }");

    assertThat(declared.isEmpty()).isTrue();
    assertThat(declared.source()).isNotNull();
  }

  @Test
  void result_isImmutable() throws IOException {
    DeclarativeConfiguration declared = load("tenantcache.caches { a {} }");

    assertThatThrownBy(() -> declared.caches().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> declared.managerProperties().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void configuration_survivesSerialization() throws Exception {
    TenantCacheConfiguration<?, ?> users =
        DeclarativeConfiguration.load(URI.create("classpath:config/full.conf"), LOADER)
            .caches().get("users");

    TenantCacheConfiguration<?, ?> copy = roundTrip(users);

    assertThat(copy.getCacheLoaderFactory()).isEqualTo(users.getCacheLoaderFactory());
    Factory<? extends CacheLoader<?, ?>> loader = copy.getCacheLoaderFactory();
    assertThat(loader.create()).isInstanceOf(ConfigTestTypes.UserLoader.class);
    assertThat(copy.getExpiryPolicyFactory()).isEqualTo(users.getExpiryPolicyFactory());
    assertThat(copy.getExpiryPolicyFactory().create())
        .isEqualTo(users.getExpiryPolicyFactory().create());
    List<Object> copied = new ArrayList<>();
    copy.getCacheEntryListenerConfigurations().forEach(copied::add);
    List<Object> original = new ArrayList<>();
    users.getCacheEntryListenerConfigurations().forEach(original::add);
    assertThat(copied).hasSize(2).isEqualTo(original);
  }

  @Test
  void classFactory_ofAClassThatFailsLater_namesTheSetting() {
    ClassFactory<Object> factory = new ClassFactory<>("tenantcache.caches.x.read-through.loader",
        TYPES + "$NeedsArgumentLoader", CacheLoader.class, LOADER);

    assertThatThrownBy(factory::create)
        .isInstanceOf(TenantCacheConfigurationException.class)
        .hasMessageContaining("tenantcache.caches.x.read-through.loader")
        .hasMessageContaining("NeedsArgumentLoader")
        .hasMessageContaining("public no-argument constructor");
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  private DeclarativeConfiguration load(String hocon) throws IOException {
    Path file = Files.createTempFile(dir, "tenantcache", ".conf");
    Files.writeString(file, hocon);
    return DeclarativeConfiguration.load(file.toUri(), LOADER);
  }
}
