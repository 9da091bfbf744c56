/**
 * TenantCache's public API: a JCache provider whose caches are partitioned by tenant.
 *
 * <p>Obtain it with {@code Caching.getCachingProvider()}, bind a tenant with {@link
 * io.tenantcache.Tenants#bind(String)}, and use the standard {@code javax.cache.Cache} API; {@link
 * io.tenantcache.TenantCache} (through {@code cache.unwrap(TenantCache.class)}) adds the
 * operations that span tenants. {@link io.tenantcache.TenantStatisticsMXBean} is the per-tenant
 * JMX view and {@link io.tenantcache.TenantCacheMetrics} the Micrometer binder (Micrometer is an
 * optional dependency). Every other package is implementation and may change without notice.
 */
@NullMarked
package io.tenantcache;

import org.jspecify.annotations.NullMarked;
