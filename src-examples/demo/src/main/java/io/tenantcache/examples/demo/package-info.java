/**
 * The README's demo: TenantCache in one short run. From the repository root: {@code mvn -q -Pdemo
 * -Dmaven.test.skip=true package}.
 */
@NullMarked
package io.tenantcache.examples.demo;

import org.jspecify.annotations.NullMarked;
