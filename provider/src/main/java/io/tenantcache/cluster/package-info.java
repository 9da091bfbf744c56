/**
 * Replicas of one service that keep their caches coherent: the settings a manager joins a cluster
 * with ({@link io.tenantcache.cluster.ClusterSettings}), the invalidations replicas exchange
 * ({@link io.tenantcache.cluster.Invalidation}), and the service interface a transport implements
 * ({@link io.tenantcache.cluster.ClusterTransportFactory}). The Redis transport is the module
 * {@code io.tenantcache:tenantcache-redis}; users set {@code tenantcache.cluster.*} manager
 * properties and name none of these types unless they write a transport.
 */
@NullMarked
package io.tenantcache.cluster;

import org.jspecify.annotations.NullMarked;
