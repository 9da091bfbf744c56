/**
 * Internal: the {@code javax.cache.Cache} implementation and the collaborators it composes (write
 * through, entry processing, bulk operations, iteration).
 */
@NullMarked
package io.tenantcache.internal.cache;

import org.jspecify.annotations.NullMarked;
