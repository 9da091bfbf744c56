/**
 * Internal: the Caffeine-backed store shared by all tenants of a cache, its {@link
 * io.tenantcache.internal.store.TenantKey} and the mapping of JCache expiry onto Caffeine's variable expiry.
 */
@NullMarked
package io.tenantcache.internal.store;

import org.jspecify.annotations.NullMarked;
