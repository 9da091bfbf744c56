/**
 * Micrometer meters for TenantCache caches, {@link io.tenantcache.micrometer.TenantCacheMetrics}.
 * Micrometer is an optional dependency of the provider: this package needs it on the class path,
 * nothing else does.
 */
@NullMarked
package io.tenantcache.micrometer;

import org.jspecify.annotations.NullMarked;
