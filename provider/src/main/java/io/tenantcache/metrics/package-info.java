/** Internal: statistics counters. */
@NullMarked
package io.tenantcache.metrics;

import org.jspecify.annotations.NullMarked;
