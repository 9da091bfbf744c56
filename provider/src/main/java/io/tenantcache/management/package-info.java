/** Internal: the JCache MXBeans and their registration on the platform MBeanServer. */
@NullMarked
package io.tenantcache.management;

import org.jspecify.annotations.NullMarked;
