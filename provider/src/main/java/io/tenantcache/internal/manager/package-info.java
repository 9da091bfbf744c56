/**
 * The cache manager: its caches, its tenant resolution, its settings, and the Micrometer and
 * Resilience4j meters it binds. The top of the implementation: it assembles the other internal
 * packages; only {@code io.tenantcache.spi} and {@code io.tenantcache.micrometer} import it.
 */
@NullMarked
package io.tenantcache.internal.manager;

import org.jspecify.annotations.NullMarked;
