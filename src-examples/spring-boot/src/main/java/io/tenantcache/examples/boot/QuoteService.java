package io.tenantcache.examples.boot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Quotes from a pretend pricing backend, cached per tenant in the cache "quotes". */
@Service
public class QuoteService {
  /** The cache, declared in tenantcache.conf. */
  public static final String QUOTES = "quotes";

  private final Map<String, AtomicInteger> backendCalls = new ConcurrentHashMap<>();

  /** Returns the current tenant's quote, from the cache or else the backend. */
  @Cacheable(QUOTES)
  public Quote quote(String symbol) {
    String tenant = MDC.get(MdcTenantResolver.MDC_KEY);
    backendCalls.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
    return new Quote(symbol, 100L + Math.floorMod(symbol.hashCode() + tenant.hashCode(), 900),
        tenant);
  }

  /** Drops the current tenant's quote for {@code symbol}. */
  @CacheEvict(QUOTES)
  public void refresh(String symbol) {}

  /** Returns how often the backend was called for a tenant. */
  public int backendCalls(String tenant) {
    AtomicInteger calls = backendCalls.get(tenant);
    return (calls == null) ? 0 : calls.get();
  }
}
