/**
 * TenantCache's public API: a JCache provider whose caches are partitioned by tenant.
 *
 * <p>Obtain it with {@code Caching.getCachingProvider()} (the provider class is {@code
 * io.tenantcache.spi.TenantCachingProvider}), bind a tenant with {@link
 * io.tenantcache.Tenants#bind(String)}, and use the standard {@code javax.cache.Cache} API; {@link
 * io.tenantcache.TenantCache} (through {@code cache.unwrap(TenantCache.class)}) adds the
 * operations that span tenants, {@link io.tenantcache.TenantCacheManager} those that span caches.
 * {@link io.tenantcache.TenantCacheConfiguration} configures a cache, {@link
 * io.tenantcache.TenantCacheProperties} names the manager's properties, and {@link
 * io.tenantcache.TenantStatisticsMXBean} is the per-tenant JMX view.
 *
 * <p>This package sits at the bottom of the provider: it imports no other package of it. The
 * exported packages {@code io.tenantcache.spi} (the JCache provider) and {@code
 * io.tenantcache.micrometer} (the Micrometer binder) sit on top; {@code io.tenantcache.internal}
 * and its subpackages are implementation and may change without notice.
 */
@NullMarked
package io.tenantcache;

import org.jspecify.annotations.NullMarked;
