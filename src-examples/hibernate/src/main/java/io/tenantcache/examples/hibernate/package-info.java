/**
 * TenantCache as Hibernate's second-level cache (hibernate-jcache), database per tenant, with one
 * tenant resolver for Hibernate and the cache. Not {@code @NullMarked}: JPA entities are built
 * empty by Hibernate and filled in afterwards.
 */
package io.tenantcache.examples.hibernate;
