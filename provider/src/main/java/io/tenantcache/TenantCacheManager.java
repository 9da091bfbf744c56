package io.tenantcache;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.Set;
import javax.cache.CacheManager;

/**
 * A TenantCache {@link CacheManager} (through {@code manager.unwrap(TenantCacheManager.class)}):
 * owns named caches, each partitioned by tenant. A call acts for the tenant bound with {@link
 * Tenants#bind}; with none bound, for the tenant its {@link TenantResolver} names; with none
 * resolved, as its {@link MissingTenantPolicy} says (by default: the default tenant, {@value
 * Tenants#DEFAULT_TENANT}). {@link TenantCacheProperties} names the properties that set this up.
 *
 * <p>{@code createCache} accepts any JCache {@code Configuration} (its settings are copied); pass a
 * {@link TenantCacheConfiguration} for the size bound and TenantCache's own settings.
 *
 * <p>Thread-safe. Once closed, its caches are closed and every method but the getters of its
 * identity throws {@link IllegalStateException}; the provider then hands out a new manager for the
 * same URI and class loader.
 */
public interface TenantCacheManager extends CacheManager {
  /**
   * Returns the tenant that a call on this thread acts for now.
   *
   * @throws IllegalStateException if no tenant is bound or resolved and the manager rejects such
   *     calls
   */
  String currentTenant();

  /**
   * Returns the tenants that hold entries in any of this manager's caches.
   *
   * @throws IllegalStateException if the manager is closed
   */
  Set<String> tenants();

  /**
   * Removes all of {@code tenant}'s entries from every cache of this manager (no writer, no
   * listeners), while other tenants keep working.
   *
   * @throws IllegalArgumentException if the tenant id is not valid
   * @throws IllegalStateException if the manager is closed
   */
  void evictTenant(String tenant);

  /**
   * Returns the Resilience4j registry of this manager's circuit breakers, named {@code
   * <cache>/<tenant>} or {@code <cache>} by their {@link ResilienceScope} (e.g. to bind them to
   * metrics or watch their state).
   */
  CircuitBreakerRegistry circuitBreakers();

  /** Returns the Resilience4j registry of this manager's retries, named like the breakers. */
  RetryRegistry retries();

  /** Returns the Resilience4j registry of this manager's bulkheads, named like the breakers. */
  BulkheadRegistry bulkheads();

  /** Returns the Resilience4j registry of this manager's time limiters, named like the breakers. */
  TimeLimiterRegistry timeLimiters();
}
