package io.tenantcache.examples.boot;

/**
 * A price quote for one tenant.
 *
 * @param symbol what is quoted
 * @param price the tenant's price
 * @param tenant the tenant it was quoted for
 */
public record Quote(String symbol, long price, String tenant) {}
