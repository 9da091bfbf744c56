/**
 * TenantCache for Spring Boot: the {@code tenantcache.*} properties ({@link
 * io.tenantcache.spring.boot.TenantCacheBootProperties}), the auto-configuration that opens a
 * TenantCache JCache manager and a native Spring {@code CacheManager} over it ({@link
 * io.tenantcache.spring.boot.TenantCacheAutoConfiguration}), and the servlet filter that binds a
 * request's tenant from a header ({@link io.tenantcache.spring.boot.TenantHeaderFilter}).
 */
@NullMarked
package io.tenantcache.spring.boot;

import org.jspecify.annotations.NullMarked;
