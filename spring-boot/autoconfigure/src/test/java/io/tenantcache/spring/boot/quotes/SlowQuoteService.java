package io.tenantcache.spring.boot.quotes;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Slow quotes: concurrent misses of one tenant and symbol make one backend call. */
@Service
public class SlowQuoteService {
  private final QuoteBackend backend;

  SlowQuoteService(QuoteBackend backend) {
    this.backend = backend;
  }

  @Cacheable(cacheNames = "slow-quotes", sync = true)
  public String quote(String symbol) {
    return backend.slowQuote(symbol);
  }
}
