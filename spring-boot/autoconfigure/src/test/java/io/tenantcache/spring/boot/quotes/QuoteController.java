package io.tenantcache.spring.boot.quotes;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Quotes over HTTP; the tenant of each request comes from its X-Tenant header. */
@RestController
public class QuoteController {
  private final QuoteBackend backend;
  private final SlowQuoteService slowQuotes;

  QuoteController(QuoteBackend backend, SlowQuoteService slowQuotes) {
    this.backend = backend;
    this.slowQuotes = slowQuotes;
  }

  @GetMapping("/quotes/{symbol}")
  @Cacheable("quotes")
  public String quote(@PathVariable String symbol) {
    return backend.quote(symbol);
  }

  @GetMapping("/slow-quotes/{symbol}")
  public String slowQuote(@PathVariable String symbol) {
    backend.arrived(symbol);
    return slowQuotes.quote(symbol);
  }
}
