/**
 * A Spring Boot application whose caches are TenantCache's, set up by {@code spring.cache.jcache.*}
 * and {@code tenantcache.conf}.
 */
@NullMarked
package io.tenantcache.examples.boot;

import org.jspecify.annotations.NullMarked;
