/**
 * TenantCache in Spring Boot Actuator: the {@code tenantcaches} endpoint (caches, tenants and
 * their statistics; evict a tenant), the health of the Redis cluster connection, and TenantCache's
 * own meters in the application's {@code MeterRegistry} in place of Boot's JCache binder. Each
 * piece is an auto-configuration of its own, on only when its part of Actuator is on the class
 * path.
 */
@NullMarked
package io.tenantcache.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
