package io.tenantcache.spring.boot.async;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The cached quotes over HTTP, for Spring MVC and WebFlux alike; no tenant code. */
@RestController
public class AsyncQuoteController {
  private final AsyncQuoteService quotes;
  private final AsyncBackend backend;

  AsyncQuoteController(AsyncQuoteService quotes, AsyncBackend backend) {
    this.quotes = quotes;
    this.backend = backend;
  }

  @GetMapping("/future-quotes/{symbol}")
  public CompletableFuture<String> futureQuote(@PathVariable String symbol) {
    return quotes.futureQuote(symbol);
  }

  @GetMapping("/sync-future-quotes/{symbol}")
  public CompletableFuture<String> syncFutureQuote(@PathVariable String symbol) {
    backend.arrived(symbol);
    return quotes.syncFutureQuote(symbol);
  }

  @GetMapping("/mono-quotes/{symbol}")
  public Mono<String> monoQuote(@PathVariable String symbol) {
    return quotes.monoQuote(symbol);
  }

  @GetMapping("/sync-mono-quotes/{symbol}")
  public Mono<String> syncMonoQuote(@PathVariable String symbol) {
    backend.arrived(symbol);
    return quotes.syncMonoQuote(symbol);
  }

  @GetMapping("/flux-quotes/{symbol}")
  public Mono<List<String>> fluxQuotes(@PathVariable String symbol) {
    return quotes.fluxQuotes(symbol).collectList();
  }
}
