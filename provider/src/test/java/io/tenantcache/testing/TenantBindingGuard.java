package io.tenantcache.testing;

import io.tenantcache.Tenants;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a tenant bound on its thread (a scope not closed), which would make
 * later tests on that thread act for the wrong tenant. Registered for every test through JUnit's
 * extension auto-detection ({@code junit-platform.properties}).
 */
public final class TenantBindingGuard implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TenantBindingGuard.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("before", Tenants.current());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Object before = context.getStore(NAMESPACE).get("before");
    Optional<String> after = Tenants.current();
    if (!after.equals(before)) {
      throw new AssertionError("the test left tenant " + after.orElse("(none)")
          + " bound on its thread (it had " + before + " before): close every Tenants.bind scope");
    }
  }
}
