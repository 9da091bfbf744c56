package io.tenantcache;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.testing.TestPool;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@link Tenants} bindings: scopes nest and restore what was bound before, also on failure; they
 * belong to their thread; a pooled thread keeps nothing after {@code run}.
 */
final class TenantsScopeTest {
  private static final Callable<Optional<String>> CURRENT = Tenants::current;

  @AutoClose private final TestPool pool = TestPool.fixed(1);



  @Test
  void nothingBound_currentIsEmpty() {
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void nestedScope_restoresOuterBindingOnClose() {
    try (Tenants.Scope outer = Tenants.bind("outer")) {
      assertThat(Tenants.current()).contains("outer");
      try (Tenants.Scope inner = Tenants.bind("inner")) {
        assertThat(Tenants.current()).contains("inner");
      }
      assertThat(Tenants.current()).contains("outer");
    }
  }

  @Test
  void closingOutermostScope_restoresNothingBound() {
    Tenants.Scope scope = Tenants.bind("acme");
    scope.close();

    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void closingScopeTwice_doesNothingTheSecondTime() {
    try (Tenants.Scope outer = Tenants.bind("outer")) {
      Tenants.Scope inner = Tenants.bind("inner");
      inner.close();
      try (Tenants.Scope other = Tenants.bind("other")) {
        inner.close();
        assertThat(Tenants.current()).contains("other");
      }
      assertThat(Tenants.current()).contains("outer");
    }
  }

  @Test
  void runAndCall_bindForTheTaskAndRestoreAfterwards() throws Exception {
    try (Tenants.Scope outer = Tenants.bind("outer")) {
      Tenants.run("inner", () -> assertThat(Tenants.current()).contains("inner"));
      assertThat(Tenants.current()).contains("outer");
      assertThat(Tenants.call("inner", Tenants::current)).contains("inner");
      assertThat(Tenants.current()).contains("outer");
    }
    Tenants.run("alone", () -> assertThat(Tenants.current()).contains("alone"));
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void exceptionInsideRun_stillRestoresNothingBound() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> Tenants.run("acme", () -> {
      throw boom;
    })).isSameAs(boom);

    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void exceptionInsideRun_stillRestoresOuterBinding() {
    try (Tenants.Scope outer = Tenants.bind("outer")) {
      assertThatThrownBy(() -> Tenants.run("inner", () -> {
        throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

      assertThat(Tenants.current()).contains("outer");
    }
  }

  @Test
  void checkedExceptionInsideCall_stillRestoresOuterBinding() {
    try (Tenants.Scope outer = Tenants.bind("outer")) {
      assertThatThrownBy(() -> Tenants.call("inner", () -> {
        throw new java.io.IOException("io");
      })).isInstanceOf(java.io.IOException.class).hasMessage("io");

      assertThat(Tenants.current()).contains("outer");
    }
  }

  @Test
  void pooledThread_reusedAfterRun_hasNoTenant() throws Exception {
    Future<Optional<String>> during = pool.submit(() -> Tenants.call("acme", Tenants::current));
    assertThat(during.get(5, SECONDS)).contains("acme");

    assertThat(pool.submit(CURRENT).get(5, SECONDS)).isEmpty();
  }

  @Test
  void pooledThread_reusedAfterRunThatThrew_hasNoTenant() throws Exception {
    Future<?> failed = pool.submit(() -> Tenants.run("acme", () -> {
      throw new IllegalStateException("boom");
    }));
    assertThatThrownBy(() -> failed.get(5, SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);

    assertThat(pool.submit(CURRENT).get(5, SECONDS)).isEmpty();
  }

  @Test
  void bindingOnOneThread_isNotSeenByAnother() throws Exception {
    try (Tenants.Scope scope = Tenants.bind("acme")) {
      assertThat(pool.submit(CURRENT).get(5, SECONDS)).isEmpty();
    }
  }

  @Test
  void closingScopeFromAnotherThread_throwsIllegalStateException() throws Exception {
    Tenants.Scope scope = Tenants.bind("acme");
    try {
      Future<?> closing = pool.submit(scope::close);

      assertThatThrownBy(() -> closing.get(5, SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(Thread.currentThread().getName());
      assertThat(Tenants.current()).as("the owner's binding").contains("acme");
      assertThat(pool.submit(CURRENT).get(5, SECONDS)).as("the other thread's binding").isEmpty();
    } finally {
      scope.close();
    }
    assertThat(Tenants.current()).isEmpty();
  }
}
