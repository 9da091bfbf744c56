/**
 * Replicas keep their TenantCache caches coherent through Redis: add this module to the class
 * path and set the manager property {@code tenantcache.cluster.redis.uri}. The module's one public
 * type is the service found through {@code META-INF/services} ({@link
 * io.tenantcache.redis.RedisTransportFactory}); everything else is package-private.
 */
@NullMarked
package io.tenantcache.redis;

import org.jspecify.annotations.NullMarked;
