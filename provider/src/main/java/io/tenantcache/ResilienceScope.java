package io.tenantcache;

/** Who shares a circuit breaker or a bulkhead of a cache's load path. */
public enum ResilienceScope {
  /** One per tenant (the default): one tenant's broken backend or slow loads do not affect others. */
  TENANT,
  /** One for the whole cache, shared by all tenants. */
  CACHE
}
