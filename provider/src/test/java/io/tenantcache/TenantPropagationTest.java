package io.tenantcache;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.tenantcache.testing.TestPool;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

final class TenantPropagationTest {
  private static final Callable<Optional<String>> CURRENT = Tenants::current;

  @AutoClose private final TestPool pool = TestPool.fixed(1);



  private Optional<String> currentOnPool() throws Exception {
    return pool.submit(CURRENT).get(5, SECONDS);
  }

  @Test
  void wrapRunnable_poolThread_seesTenantBoundAtWrapTime_andIsLeftUnbound() throws Exception {
    var seen = new CompletableFuture<Optional<String>>();
    Runnable task;
    try (var scope = Tenants.bind("acme")) {
      task = Tenants.wrap(() -> {
        seen.complete(Tenants.current());
      });
    }
    pool.execute(task);

    assertThat(seen.get(5, SECONDS)).contains("acme");
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void wrapCallable_poolThread_seesTenantBoundAtWrapTime_andIsLeftUnbound() throws Exception {
    Callable<Optional<String>> task;
    try (var scope = Tenants.bind("acme")) {
      task = Tenants.wrap(CURRENT);
    }
    try (var scope = Tenants.bind("globex")) {
      assertThat(pool.submit(task).get(5, SECONDS)).contains("acme");
    }
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void wrapCallable_nothingBoundAtWrapTime_clearsWorkerBindingForTheTask() throws Exception {
    // leave a stale binding on the pooled thread, as a leaked scope would
    pool.submit(() -> Tenants.bind("stale")).get(5, SECONDS);
    Callable<Optional<String>> unbound = Tenants.wrap(CURRENT);

    assertThat(pool.submit(unbound).get(5, SECONDS)).isEmpty();
    assertThat(currentOnPool()).as("worker binding restored").contains("stale");
  }

  @Test
  void wrapRunnable_nested_restoresEachLevel() {
    Runnable inner;
    try (var scope = Tenants.bind("globex")) {
      inner = Tenants.wrap(() -> {
        assertThat(Tenants.current()).contains("globex");
      });
    }
    Runnable outer;
    try (var scope = Tenants.bind("acme")) {
      outer = Tenants.wrap(() -> {
        assertThat(Tenants.current()).contains("acme");
        inner.run();
        assertThat(Tenants.current()).contains("acme");
      });
    }

    try (var scope = Tenants.bind("initech")) {
      outer.run();
      assertThat(Tenants.current()).contains("initech");
    }
    outer.run();
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void wrapRunnable_taskThrows_restoresBindingAndPropagates() {
    Runnable failing;
    try (var scope = Tenants.bind("acme")) {
      Runnable boom = () -> {
        throw new IllegalStateException("boom in " + Tenants.current().orElseThrow());
      };
      failing = Tenants.wrap(boom);
    }

    try (var scope = Tenants.bind("initech")) {
      assertThatThrownBy(failing::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom in acme");
      assertThat(Tenants.current()).contains("initech");
    }
  }

  @Test
  void wrapCallable_checkedException_restoresBindingOnPoolThread() throws Exception {
    Callable<String> failing;
    try (var scope = Tenants.bind("acme")) {
      failing = Tenants.wrap(() -> {
        throw new IOException("boom");
      });
    }
    Future<String> future = pool.submit(failing);

    assertThatThrownBy(() -> future.get(5, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void wrapRunnable_taskLeaksScope_bindingStillRestored() throws Exception {
    Runnable leaky;
    try (var scope = Tenants.bind("acme")) {
      leaky = Tenants.wrap(() -> {
        Tenants.bind("leaked");
      });
    }
    pool.submit(leaky).get(5, SECONDS);

    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void wrapExecutor_capturesAtEachExecute() throws Exception {
    Executor executor = Tenants.wrap((Executor) pool);
    var first = new CompletableFuture<Optional<String>>();
    var second = new CompletableFuture<Optional<String>>();
    var third = new CompletableFuture<Optional<String>>();

    try (var scope = Tenants.bind("acme")) {
      executor.execute(() -> first.complete(Tenants.current()));
    }
    try (var scope = Tenants.bind("globex")) {
      executor.execute(() -> second.complete(Tenants.current()));
    }
    executor.execute(() -> third.complete(Tenants.current()));

    assertThat(first.get(5, SECONDS)).contains("acme");
    assertThat(second.get(5, SECONDS)).contains("globex");
    assertThat(third.get(5, SECONDS)).isEmpty();
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void wrapExecutorService_everySubmissionMethod_carriesTenantBoundAtSubmit() throws Exception {
    ExecutorService executor = Tenants.wrap(pool);
    var executed = new CompletableFuture<Optional<String>>();
    var ran = new CompletableFuture<Optional<String>>();
    List<Callable<Optional<String>>> tasks = List.of(CURRENT, CURRENT);

    try (var scope = Tenants.bind("acme")) {
      executor.execute(() -> executed.complete(Tenants.current()));
      Future<?> submitted = executor.submit(() -> {
        ran.complete(Tenants.current());
      });
      Future<String> withResult = executor.submit(() -> { }, "done");
      Future<Optional<String>> called = executor.submit(CURRENT);

      assertThat(executed.get(5, SECONDS)).contains("acme");
      assertThat(submitted.get(5, SECONDS)).isNull();
      assertThat(ran.get(5, SECONDS)).contains("acme");
      assertThat(withResult.get(5, SECONDS)).isEqualTo("done");
      assertThat(called.get(5, SECONDS)).contains("acme");
    }
    try (var scope = Tenants.bind("globex")) {
      for (Future<Optional<String>> f : executor.invokeAll(tasks)) {
        assertThat(f.get(5, SECONDS)).contains("globex");
      }
      for (Future<Optional<String>> f : executor.invokeAll(tasks, 5, SECONDS)) {
        assertThat(f.get(5, SECONDS)).contains("globex");
      }
      assertThat(executor.invokeAny(tasks)).contains("globex");
      assertThat(executor.invokeAny(tasks, 5, SECONDS)).contains("globex");
    }
    assertThat(executor.submit(CURRENT).get(5, SECONDS)).isEmpty();
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void wrapExecutorService_lifecycle_delegates() throws Exception {
    ExecutorService executor = Tenants.wrap(pool);
    assertThat(executor.isShutdown()).isFalse();

    executor.shutdown();

    assertThat(pool.isShutdown()).isTrue();
    assertThat(executor.isShutdown()).isTrue();
    assertThat(executor.awaitTermination(5, SECONDS)).isTrue();
    assertThat(executor.isTerminated()).isTrue();
    assertThat(executor.shutdownNow()).isEmpty();
  }

  @Test
  void accessor_registeredWithContextRegistry() {
    assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
        .anySatisfy(accessor -> {
          assertThat(accessor).isInstanceOf(TenantThreadLocalAccessor.class);
          assertThat(accessor.key()).isEqualTo(TenantThreadLocalAccessor.KEY);
        });
  }

  @Test
  void accessor_readsSetsAndClearsTheBinding() {
    var accessor = new TenantThreadLocalAccessor();
    assertThat(accessor.getValue()).isNull();

    accessor.setValue("acme");
    assertThat(accessor.getValue()).isEqualTo("acme");
    assertThat(Tenants.current()).contains("acme");

    assertThatThrownBy(() -> accessor.setValue(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThat(Tenants.current()).contains("acme");

    accessor.setValue();
    assertThat(accessor.getValue()).isNull();
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void contextSnapshot_captureAll_carriesTenantToPoolThread() throws Exception {
    ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
    var seen = new CompletableFuture<Optional<String>>();
    ContextSnapshot snapshot;
    try (var scope = Tenants.bind("acme")) {
      snapshot = factory.captureAll();
    }
    pool.submit(snapshot.wrap(() -> {
      seen.complete(Tenants.current());
    })).get(5, SECONDS);

    assertThat(seen.get(5, SECONDS)).contains("acme");
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void contextSnapshot_wrappedByTenantsWrap_carriesTenant() throws Exception {
    ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
    var seen = new CompletableFuture<Optional<String>>();
    Runnable task;
    try (var scope = Tenants.bind("acme")) {
      task = Tenants.wrap(factory.captureAll().wrap(() -> {
        seen.complete(Tenants.current());
      }));
    }
    pool.submit(task).get(5, SECONDS);

    assertThat(seen.get(5, SECONDS)).contains("acme");
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  void contextExecutorService_carriesTenantBoundAtSubmit() throws Exception {
    ExecutorService executor =
        ContextExecutorService.wrap(pool, ContextSnapshotFactory.builder().build());

    try (var scope = Tenants.bind("acme")) {
      assertThat(executor.submit(CURRENT).get(5, SECONDS)).contains("acme");
    }
    try (var scope = Tenants.bind("globex")) {
      assertThat(executor.submit(CURRENT).get(5, SECONDS)).contains("globex");
    }
    assertThat(currentOnPool()).isEmpty();
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreads_wrapAndContextSnapshot_carryTenant() throws Exception {
    ExecutorService virtual =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      ExecutorService wrapped = Tenants.wrap(virtual);
      ExecutorService contextWrapped =
          ContextExecutorService.wrap(virtual, ContextSnapshotFactory.builder().build());
      Callable<Boolean> isVirtual =
          () -> (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());

      try (var scope = Tenants.bind("acme")) {
        assertThat(wrapped.submit(isVirtual).get(5, SECONDS)).isTrue();
        assertThat(wrapped.submit(CURRENT).get(5, SECONDS)).contains("acme");
        assertThat(contextWrapped.submit(CURRENT).get(5, SECONDS)).contains("acme");
      }
      assertThat(wrapped.submit(CURRENT).get(5, SECONDS)).isEmpty();
    } finally {
      virtual.shutdown();
      assertThat(virtual.awaitTermination(5, SECONDS)).isTrue();
    }
  }
}
