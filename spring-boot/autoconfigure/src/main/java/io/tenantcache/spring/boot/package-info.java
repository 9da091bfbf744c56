/**
 * TenantCache for Spring Boot: the {@code tenantcache.*} properties ({@link
 * io.tenantcache.spring.boot.TenantCacheBootProperties}), the auto-configuration that opens a
 * TenantCache JCache manager and a native Spring {@code CacheManager} over it ({@link
 * io.tenantcache.spring.boot.TenantCacheAutoConfiguration}), and the filters that bind a
 * request's tenant from a header or a JWT claim, servlet ({@link
 * io.tenantcache.spring.boot.TenantHeaderFilter}, {@link
 * io.tenantcache.spring.boot.TenantJwtClaimFilter}) and WebFlux ({@link
 * io.tenantcache.spring.boot.TenantWebFilter}).
 */
@NullMarked
package io.tenantcache.spring.boot;

import org.jspecify.annotations.NullMarked;
