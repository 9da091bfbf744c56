package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCacheManager;
import io.tenantcache.TenantResolver;
import io.tenantcache.Tenants;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration's beans and its checks of the properties, without a web server. */
final class TenantCacheAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TenantCacheAutoConfiguration.class));

  @Test
  void badMissingTenantValue_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.tenancy.missing-tenant=sometimes").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("tenantcache.tenancy.missing-tenant").contains("sometimes");
    });
  }

  @Test
  void blankDefaultTenant_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.tenancy.default-tenant= ").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("tenantcache.tenancy.default-tenant is not a valid tenant id");
    });
  }

  @Test
  void headerThatIsNoHeaderName_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tenantcache.tenancy.header=X Tenant").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("tenantcache.tenancy.header is 'X Tenant'");
    });
  }

  @Test
  void properties_reachTheJCacheManager() {
    runner.withPropertyValues("tenantcache.tenancy.default-tenant=shared").run(context -> {
      TenantCacheManager manager =
          context.getBean(javax.cache.CacheManager.class).unwrap(TenantCacheManager.class);
      assertThat(manager.currentTenant()).isEqualTo("shared");
    });
  }

  @Test
  void rejectWithoutATenant_cacheCallFails_sayingHowToBindOne() {
    runner.withUserConfiguration(CachingEnabled.class)
        .withPropertyValues("tenantcache.tenancy.missing-tenant=reject").run(context -> {
          Cache cache = context.getBean(CacheManager.class).getCache("quotes");
          assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(IllegalStateException.class);
        });
  }

  @Test
  void tenantResolverBean_answersWhenNoTenantIsBound() {
    runner.withBean(TenantResolver.class, () -> () -> Optional.of("resolved")).run(context -> {
      TenantCacheManager manager =
          context.getBean(javax.cache.CacheManager.class).unwrap(TenantCacheManager.class);
      assertThat(manager.currentTenant()).isEqualTo("resolved");
      Tenants.run("bound", () -> assertThat(manager.currentTenant()).isEqualTo("bound"));
    });
  }

  @Test
  void springCache_putDuringAValueLoadersCall_winsOverItsValue() {
    runner.withUserConfiguration(CachingEnabled.class).run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      CountDownLatch calling = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Callable<String> slow = () -> {
        calling.countDown();
        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        return "loaded";
      };
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<@Nullable String> loading = thread.submit(() -> Tenants.call("acme",
            () -> cache.get("k", slow)));
        assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();
        Tenants.run("acme", () -> cache.put("k", "put"));
        release.countDown();

        assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo("put");
        Tenants.run("acme", () -> assertThat(cache.get("k", String.class)).isEqualTo("put"));
      } finally {
        thread.shutdownNow();
      }
    });
  }

  @Test
  void jcacheManager_isClosedWithTheContext() {
    javax.cache.CacheManager[] manager = new javax.cache.CacheManager[1];
    runner.run(context -> manager[0] = context.getBean(javax.cache.CacheManager.class));
    assertThat(manager[0].isClosed()).isTrue();
  }

  @Test
  void withCachingEnabled_springCacheManagerIsTenantCaches() {
    runner.withUserConfiguration(CachingEnabled.class).run(context -> assertThat(context)
        .getBean(CacheManager.class).isInstanceOf(TenantSpringCacheManager.class));
  }

  @Test
  void withoutCachingEnabled_noSpringCacheManager() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(CacheManager.class);
      assertThat(context).hasSingleBean(javax.cache.CacheManager.class);
    });
  }

  @Test
  void applicationsOwnCacheManager_wins() {
    runner.withUserConfiguration(CachingEnabled.class, OwnCacheManager.class).run(context ->
        assertThat(context).getBean(CacheManager.class)
            .isInstanceOf(ConcurrentMapCacheManager.class));
  }

  @Test
  void tenantFilter_onlyInAServletApplicationWithAHeader() {
    WebApplicationContextRunner web = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TenantCacheAutoConfiguration.class));
    web.withPropertyValues("tenantcache.tenancy.header=X-Tenant")
        .run(context -> assertThat(context).hasSingleBean(TenantHeaderFilter.class));
    web.run(context -> assertThat(context).doesNotHaveBean(TenantHeaderFilter.class));
    runner.withPropertyValues("tenantcache.tenancy.header=X-Tenant")
        .run(context -> assertThat(context).doesNotHaveBean(TenantHeaderFilter.class));
  }

  @Test
  void springCache_evictAndClear_actOnTheCurrentTenantOnly() {
    runner.withUserConfiguration(CachingEnabled.class).run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      Tenants.run("acme", () -> {
        cache.put("a", "acme-a");
        cache.put("b", "acme-b");
      });
      Tenants.run("globex", () -> {
        cache.put("a", "globex-a");
        cache.put("b", "globex-b");
      });

      Tenants.run("acme", () -> cache.evict("a"));
      Tenants.run("globex", cache::clear);

      Tenants.run("acme", () -> {
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b", String.class)).isEqualTo("acme-b");
      });
      Tenants.run("globex", () -> {
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNull();
      });
    });
  }

  @Test
  void springCache_getWithValueLoader_storesItsValueAndNull_forTheCurrentTenant() {
    runner.withUserConfiguration(CachingEnabled.class).run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      Tenants.run("acme", () -> {
        Callable<String> loaded = () -> "loaded";
        Callable<String> again = () -> "again";
        Callable<@Nullable String> nothing = () -> null;
        assertThat(cache.get("k", loaded)).isEqualTo("loaded");
        assertThat(cache.get("k", again)).isEqualTo("loaded");
        assertThat(cache.get("none", nothing)).isNull();
        assertThat(cache.get("none")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
      });
      Tenants.run("globex", () -> assertThat(cache.get("k")).isNull());
    });
  }

  @Test
  void springCache_valueLoaderThatThrows_valueRetrievalExceptionWithItsCause() {
    runner.withUserConfiguration(CachingEnabled.class).run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      IOException failure = new IOException("backend down");
      Tenants.run("acme", () -> {
        assertThatThrownBy(() -> cache.get("k", () -> {
          throw failure;
        })).isInstanceOf(Cache.ValueRetrievalException.class).hasCause(failure);
        assertThat(cache.get("k")).isNull();
      });
    });
  }

  private static String messages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingEnabled {}

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheManager {
    @Bean
    CacheManager cacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }
}
