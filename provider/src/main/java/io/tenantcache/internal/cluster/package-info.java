/**
 * Internal: a clustered cache's side of the cluster, the publisher of its changes ({@link
 * io.tenantcache.internal.cluster.InvalidationPublisher}). Not an API.
 */
@NullMarked
package io.tenantcache.internal.cluster;

import org.jspecify.annotations.NullMarked;
