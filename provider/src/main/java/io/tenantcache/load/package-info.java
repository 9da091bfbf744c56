/** Internal: read-through loading with the entry's tenant bound. */
@NullMarked
package io.tenantcache.load;

import org.jspecify.annotations.NullMarked;
