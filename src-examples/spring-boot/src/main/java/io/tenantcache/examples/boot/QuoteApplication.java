package io.tenantcache.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A small REST service whose caches are TenantCache's, through the starter: {@code
 * application.yml} names the tenant header and configures the caches, and no class here deals
 * with tenants but the pretend backend, which prices per tenant.
 */
@SpringBootApplication
@EnableCaching
public class QuoteApplication {
  public static void main(String[] args) {
    SpringApplication.run(QuoteApplication.class, args);
  }
}
