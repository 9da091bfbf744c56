/**
 * The JCache service provider, {@link io.tenantcache.spi.TenantCachingProvider}: what {@code
 * Caching.getCachingProvider()} finds through {@code META-INF/services}, and the class name to
 * give where several JCache providers are on the class path.
 */
@NullMarked
package io.tenantcache.spi;

import org.jspecify.annotations.NullMarked;
