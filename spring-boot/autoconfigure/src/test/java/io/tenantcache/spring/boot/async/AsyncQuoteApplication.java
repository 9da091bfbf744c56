package io.tenantcache.spring.boot.async;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A Spring Boot application whose cached methods return {@code CompletableFuture}, {@code Mono}
 * and {@code Flux}; it runs as a servlet or a WebFlux application (the test picks), and with
 * Spring Security's resource server when the test switches Boot's security on ({@link JwtKeys}).
 */
@SpringBootApplication
@EnableCaching
public class AsyncQuoteApplication {}
