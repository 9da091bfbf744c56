package io.tenantcache.spring.boot.async;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Cached methods that return futures and publishers, without tenant code. */
@Service
public class AsyncQuoteService {
  private final AsyncBackend backend;

  AsyncQuoteService(AsyncBackend backend) {
    this.backend = backend;
  }

  @Cacheable("future-quotes")
  public CompletableFuture<String> futureQuote(String symbol) {
    return CompletableFuture.supplyAsync(() -> backend.quote(symbol), backend.executor());
  }

  @Cacheable(cacheNames = "sync-future-quotes", sync = true)
  public CompletableFuture<String> syncFutureQuote(String symbol) {
    return CompletableFuture.supplyAsync(() -> backend.quote(symbol), backend.executor());
  }

  @Cacheable("mono-quotes")
  public Mono<String> monoQuote(String symbol) {
    return Mono.fromSupplier(() -> backend.quote(symbol));
  }

  @Cacheable(cacheNames = "sync-mono-quotes", sync = true)
  public Mono<String> syncMonoQuote(String symbol) {
    return Mono.fromSupplier(() -> backend.quote(symbol));
  }

  @Cacheable("flux-quotes")
  public Flux<String> fluxQuotes(String symbol) {
    return Flux.defer(() -> Flux.fromIterable(List.of(backend.quote(symbol), "then")));
  }
}
