package io.tenantcache.examples.spring;

import java.io.Serializable;

/**
 * A product as one tenant's catalogue has it. Serializable: JCache stores copies by default.
 *
 * @param id the product id (the cache key)
 * @param name its name in this tenant's catalogue
 * @param tenant the tenant whose catalogue it comes from
 */
public record Product(long id, String name, String tenant) implements Serializable {}
