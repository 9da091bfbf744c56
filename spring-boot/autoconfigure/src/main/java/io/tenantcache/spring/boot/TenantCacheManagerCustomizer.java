package io.tenantcache.spring.boot;

import java.util.Properties;

/**
 * Adds to the properties that the auto-configured TenantCache JCache manager is opened with (the
 * names of {@code io.tenantcache.TenantCacheProperties}), before it opens. Every bean of this type
 * is applied, in their {@code @Order}; the manager's tenancy settings are already there and may be
 * changed. Called once, on the thread that creates the manager bean.
 */
@FunctionalInterface
public interface TenantCacheManagerCustomizer {
  /**
   * Adds to or changes {@code managerProperties}.
   *
   * @param managerProperties the manager's properties, never null; mutable
   */
  void customize(Properties managerProperties);
}
