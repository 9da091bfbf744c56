package io.tenantcache.examples.boot;

import io.tenantcache.TenantResolver;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Takes the tenant from the SLF4J MDC entry {@value #MDC_KEY}, which many multi-tenant services
 * already set per request (in a servlet filter or a message listener) so that every log line names
 * its tenant. Thread-bound like the MDC itself; for other threads use {@code Tenants.wrap} or
 * context propagation.
 */
public final class MdcTenantResolver implements TenantResolver {
  /** The MDC key that holds the tenant id. */
  public static final String MDC_KEY = "tenant";

  @Override
  public Optional<String> currentTenant() {
    return Optional.ofNullable(MDC.get(MDC_KEY));
  }
}
