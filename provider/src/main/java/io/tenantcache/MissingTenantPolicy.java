package io.tenantcache;

/** What a cache manager does with a call that has no tenant (none bound, none resolved). */
public enum MissingTenantPolicy {
  /** Use the manager's default tenant ({@value Tenants#DEFAULT_TENANT} unless configured). */
  DEFAULT,
  /** Throw {@link IllegalStateException}: every call must carry a tenant. */
  REJECT
}
