/**
 * Internal: the JCache MXBeans, the per-tenant statistics MBean ({@link
 * io.tenantcache.TenantStatisticsMXBean}) and their registration on the platform MBeanServer.
 */
@NullMarked
package io.tenantcache.internal.management;

import org.jspecify.annotations.NullMarked;
