package io.tenantcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.Tenants;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/** {@code TenantSpringCache.retrieve}: Spring's asynchronous cache contract, per tenant. */
final class TenantSpringCacheRetrieveTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TenantCacheAutoConfiguration.class))
      .withUserConfiguration(CachingEnabled.class);

  @Test
  void retrieveWithValueLoader_64ConcurrentCallers_oneCall_allGetItsValue() {
    runner.run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      AtomicInteger calls = new AtomicInteger();
      CompletableFuture<String> pending = new CompletableFuture<>();
      Supplier<CompletableFuture<String>> loader = () -> {
        calls.incrementAndGet();
        return pending;
      };
      ExecutorService callers = Executors.newFixedThreadPool(64);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CompletableFuture<String>>> retrievals = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          retrievals.add(callers.submit(() -> {
            start.await();
            return Tenants.call("acme", () -> cache.retrieve("k", loader));
          }));
        }
        start.countDown();
        List<CompletableFuture<String>> values = new ArrayList<>();
        for (Future<CompletableFuture<String>> retrieval : retrievals) {
          // Each call returns at once, while the value loader's future is pending.
          values.add(retrieval.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(values).noneMatch(CompletableFuture::isDone);

        pending.complete("loaded");

        for (CompletableFuture<String> value : values) {
          assertThat(value).succeedsWithin(WAIT).isEqualTo("loaded");
        }
        assertThat(calls).hasValue(1);
        Tenants.run("acme", () -> assertThat(cache.get("k", String.class)).isEqualTo("loaded"));
      } finally {
        callers.shutdownNow();
      }
    });
  }

  @Test
  void retrieveWithValueLoader_tenantOfTheCallingThread_perTenantEntries() {
    runner.run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      AtomicReference<Optional<String>> tenantSeenByLoader = new AtomicReference<>();
      Supplier<CompletableFuture<String>> acmeLoader = () -> {
        tenantSeenByLoader.set(Tenants.current());
        return CompletableFuture.supplyAsync(() -> "acme-value");
      };

      CompletableFuture<String> acme =
          Tenants.call("acme", () -> cache.retrieve("k", acmeLoader));

      assertThat(acme).succeedsWithin(WAIT).isEqualTo("acme-value");
      assertThat(tenantSeenByLoader.get()).contains("acme");
      CompletableFuture<String> globex = Tenants.call("globex",
          () -> cache.retrieve("k", () -> CompletableFuture.completedFuture("globex-value")));
      assertThat(globex).succeedsWithin(WAIT).isEqualTo("globex-value");
      Tenants.run("acme", () -> assertThat(cache.get("k", String.class)).isEqualTo("acme-value"));
    });
  }

  @Test
  void retrieveWithValueLoader_putWhileItsFutureIsPending_winsOverItsValue() {
    runner.run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      CountDownLatch called = new CountDownLatch(1);
      CompletableFuture<String> pending = new CompletableFuture<>();
      CompletableFuture<String> value = Tenants.call("acme", () -> cache.retrieve("k", () -> {
        called.countDown();
        return pending;
      }));
      assertThat(called.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      Tenants.run("acme", () -> cache.put("k", "put"));
      pending.complete("loaded");

      assertThat(value).succeedsWithin(WAIT).isEqualTo("put");
      Tenants.run("acme", () -> assertThat(cache.get("k", String.class)).isEqualTo("put"));
    });
  }

  @Test
  void retrieveWithValueLoader_failedFuture_reachesTheCaller_andIsNotCached() {
    runner.run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      IOException failure = new IOException("backend down");

      CompletableFuture<String> failed = Tenants.call("acme",
          () -> cache.retrieve("k", () -> CompletableFuture.failedFuture(failure)));

      assertThat(failed).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
          .withCause(failure);
      Tenants.run("acme", () -> assertThat(cache.get("k")).isNull());
      CompletableFuture<String> again = Tenants.call("acme",
          () -> cache.retrieve("k", () -> CompletableFuture.completedFuture("recovered")));
      assertThat(again).succeedsWithin(WAIT).isEqualTo("recovered");
    });
  }

  @Test
  void retrieveWithValueLoader_nullValue_isCachedAsNull() {
    runner.run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      AtomicInteger calls = new AtomicInteger();
      Supplier<CompletableFuture<String>> nothing = () -> {
        calls.incrementAndGet();
        return CompletableFuture.completedFuture(null);
      };

      assertThat(Tenants.call("acme", () -> cache.retrieve("k", nothing)))
          .succeedsWithin(WAIT).isNull();
      assertThat(Tenants.call("acme", () -> cache.retrieve("k", nothing)))
          .succeedsWithin(WAIT).isNull();
      assertThat(calls).hasValue(1);
    });
  }

  @Test
  void retrieve_missIsNullAtOnce_hitIsAValueWrapper_perTenant() {
    runner.run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      Tenants.run("acme", () -> {
        cache.put("k", "acme-value");
        cache.put("none", null);
      });

      Tenants.run("globex", () -> assertThat(cache.retrieve("k")).isNull());
      Tenants.run("acme", () -> {
        assertThat(cache.retrieve("k")).succeedsWithin(WAIT)
            .isInstanceOfSatisfying(Cache.ValueWrapper.class,
                wrapper -> assertThat(wrapper.get()).isEqualTo("acme-value"));
        assertThat(cache.retrieve("none")).succeedsWithin(WAIT)
            .isInstanceOfSatisfying(Cache.ValueWrapper.class,
                wrapper -> assertThat(wrapper.get()).isNull());
      });
    });
  }

  @Test
  void retrieve_withoutATenant_underReject_failsOnTheCallingThread() {
    runner.withPropertyValues("tenantcache.tenancy.missing-tenant=reject").run(context -> {
      Cache cache = context.getBean(CacheManager.class).getCache("quotes");
      assertThatThrownBy(() -> cache.retrieve("k")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> cache.retrieve("k", () -> CompletableFuture.completedFuture("v")))
          .isInstanceOf(IllegalStateException.class);
    });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingEnabled {}
}
