/**
 * Spring Framework's cache abstraction on TenantCache: {@code JCacheCacheManager}, the caching
 * annotations, and the tenant taken from the web request.
 */
@NullMarked
package io.tenantcache.examples.spring;

import org.jspecify.annotations.NullMarked;
