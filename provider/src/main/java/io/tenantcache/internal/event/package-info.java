/** Internal: listener registrations and the dispatch of entry events, synchronous and asynchronous. */
@NullMarked
package io.tenantcache.internal.event;

import org.jspecify.annotations.NullMarked;
