package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tenantcache.LoadResilience;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport;
import io.tenantcache.testing.LoadTestSupport.Call;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Which thread runs the loader, and with which tenant: the caller's thread when nothing is
 * guarded, the loader pool under a time limit; always the entry's tenant bound.
 */
final class LoadThreadingTest {
  private final ScriptedLoader loader = new ScriptedLoader();
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  private Cache<String, String> cache(LoadResilience resilience) {
    return fixture.create(fixture.builder(String.class, String.class).readThrough(() -> loader)
        .resilience(resilience));
  }

  @Test
  void withoutResilience_loaderRunsOnCallingThread_withEntrysTenantBound() {
    Cache<String, String> cache = cache(LoadResilience.NONE);

    as("acme", () -> cache.get("k"));
    as("acme", () -> cache.getAll(Set.of("x", "y")));
    as("acme", () -> admin(cache).forTenant("globex").get("k"));

    assertThat(loader.calls).extracting(Call::method, Call::tenant, Call::thread).containsExactly(
        tuple("load", Optional.of("acme"), Thread.currentThread()),
        tuple("loadAll", Optional.of("acme"), Thread.currentThread()),
        tuple("load", Optional.of("globex"), Thread.currentThread()));
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void withoutResilience_unboundCaller_loaderSeesDefaultTenant() {
    Cache<String, String> cache = cache(LoadResilience.NONE);

    cache.get("k");

    assertThat(loader.calls).singleElement().satisfies(call -> {
      assertThat(call.tenant()).contains(Tenants.DEFAULT_TENANT);
      assertThat(call.thread()).isEqualTo(Thread.currentThread());
    });
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void loadAll_runsInBackground_withCallersTenantBound() throws Exception {
    Cache<String, String> cache = cache(LoadResilience.NONE);
    CompletionListenerFuture done = new CompletionListenerFuture();

    Tenants.run("acme", () -> cache.loadAll(Set.of("a", "b"), true, done));
    done.get(LoadTestSupport.WAIT.toMillis(), MILLISECONDS);

    assertThat(loader.calls).singleElement().satisfies(call -> {
      assertThat(call.method()).isEqualTo("loadAll");
      assertThat(call.tenant()).contains("acme");
    });
  }

  @Test
  void withTimeout_loaderRunsOnLoaderPool_withEntrysTenantBound() {
    Cache<String, String> cache =
        cache(LoadResilience.builder().timeout(Duration.ofSeconds(2)).build());

    assertThat(as("acme", () -> cache.get("k"))).isEqualTo("loaded-k");
    assertThat(as("acme", () -> admin(cache).forTenant("globex").get("k"))).isEqualTo("loaded-k");
    assertThat(as("acme", () -> cache.getAll(Set.of("x")))).containsKey("x");

    assertThat(loader.calls).extracting(Call::tenant).containsExactly(
        Optional.of("acme"), Optional.of("globex"), Optional.of("acme"));
    assertThat(loader.calls).allSatisfy(call -> {
      assertThat(call.thread()).isNotEqualTo(Thread.currentThread());
      assertThat(call.thread().getName()).startsWith("tenantcache-loader-");
    });
    assertThat(Tenants.current()).isEmpty();
  }
}
