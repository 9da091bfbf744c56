/** Internal: listener registrations and the dispatch of entry events, synchronous and asynchronous. */
@NullMarked
package io.tenantcache.event;

import org.jspecify.annotations.NullMarked;
