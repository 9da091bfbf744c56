/**
 * Internal: statistics counters, per cache and per tenant, and the listener hook through which
 * meter binders learn of new tenants and of each load.
 */
@NullMarked
package io.tenantcache.internal.metrics;

import org.jspecify.annotations.NullMarked;
