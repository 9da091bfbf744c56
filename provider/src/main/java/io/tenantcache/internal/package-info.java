/**
 * TenantCache's implementation, one subpackage per concern. Nothing here is API: it may change
 * without notice, and users should not depend on it.
 */
@NullMarked
package io.tenantcache.internal;

import org.jspecify.annotations.NullMarked;
