/** Internal: read-through loading with the entry's tenant bound. */
@NullMarked
package io.tenantcache.internal.load;

import org.jspecify.annotations.NullMarked;
