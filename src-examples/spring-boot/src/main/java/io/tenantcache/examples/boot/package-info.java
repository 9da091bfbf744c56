/**
 * A small REST service on the TenantCache Spring Boot starter: the tenant from a request header,
 * the caches configured in {@code application.yml}.
 */
@NullMarked
package io.tenantcache.examples.boot;

import org.jspecify.annotations.NullMarked;
