package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.resilience4j.retry.RetryConfig;
import io.tenantcache.LoadResilience;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantResolver;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.EternalExpiryPolicy;
import org.junit.jupiter.api.Test;

/** {@link DeclarativeConfiguration}: where files come from and what they produce. */
final class DeclarativeConfigurationTest extends DeclarativeConfigurationSupport {

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
}
