package io.tenantcache.examples.boot;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's endpoints. No tenant code: the starter's filter binds each request's tenant from
 * its {@code X-Tenant} header, and the caches partition by it.
 */
@RestController
public class QuoteController {
  private final QuoteService quotes;

  public QuoteController(QuoteService quotes) {
    this.quotes = quotes;
  }

  /** The current tenant's quote for {@code symbol}. */
  @GetMapping("/quotes/{symbol}")
  public Quote quote(@PathVariable String symbol) {
    return quotes.quote(symbol);
  }

  /** Drops the current tenant's cached quote for {@code symbol}. */
  @DeleteMapping("/quotes/{symbol}")
  public void refresh(@PathVariable String symbol) {
    quotes.refresh(symbol);
  }

  /** The current tenant's exchange rate of {@code currency}, in thousandths. */
  @GetMapping("/rates/{currency}")
  public long rate(@PathVariable String currency) {
    return quotes.rate(currency);
  }
}
