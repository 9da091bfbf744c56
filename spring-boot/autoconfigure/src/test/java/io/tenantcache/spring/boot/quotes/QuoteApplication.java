package io.tenantcache.spring.boot.quotes;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A Spring Boot application on the TenantCache starter: caching enabled, no tenant code. */
@SpringBootApplication
@EnableCaching
public class QuoteApplication {}
