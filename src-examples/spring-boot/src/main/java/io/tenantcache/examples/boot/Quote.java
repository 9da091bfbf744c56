package io.tenantcache.examples.boot;

import java.io.Serializable;

/**
 * A price quote for one tenant. Serializable: JCache stores copies by default.
 *
 * @param symbol what is quoted
 * @param price the tenant's price
 * @param tenant the tenant it was quoted for
 */
public record Quote(String symbol, long price, String tenant) implements Serializable {}
