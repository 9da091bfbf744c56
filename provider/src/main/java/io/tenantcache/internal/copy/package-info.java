/** Internal: store-by-value copying of keys and values. */
@NullMarked
package io.tenantcache.internal.copy;

import org.jspecify.annotations.NullMarked;
