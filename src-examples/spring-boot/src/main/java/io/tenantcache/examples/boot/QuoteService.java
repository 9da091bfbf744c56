package io.tenantcache.examples.boot;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Quotes and exchange rates from the pricing backend, cached per tenant in the caches "quotes" and
 * "exchange-rates" that application.yml configures.
 */
@Service
public class QuoteService {
  /** The cache of quotes. */
  public static final String QUOTES = "quotes";
  /** The cache of exchange rates. */
  public static final String RATES = "exchange-rates";

  private final PricingBackend backend;

  public QuoteService(PricingBackend backend) {
    this.backend = backend;
  }

  /** Returns the current tenant's quote, from the cache or else the backend. */
  @Cacheable(QUOTES)
  public Quote quote(String symbol) {
    return backend.quote(symbol);
  }

  /** Drops the current tenant's quote for {@code symbol}. */
  @CacheEvict(QUOTES)
  public void refresh(String symbol) {}

  /** Returns the current tenant's rate, from the cache or else the backend. */
  @Cacheable(RATES)
  public long rate(String currency) {
    return backend.rate(currency);
  }
}
