package io.tenantcache.examples.spring;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * Ordinary Spring caching annotations. Nothing here mentions tenants: the TenantCache behind
 * Spring's {@code JCacheCacheManager} puts every entry under the tenant of the current request.
 */
public class ProductService {
  /** The cache of products, declared in {@link TenantCacheSpringConfig}. */
  public static final String PRODUCTS = "products";

  private final ProductCatalog catalog;

  public ProductService(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  /** Reads through the cache: a miss asks the catalogue, concurrent misses each ask it. */
  @Cacheable(PRODUCTS)
  public Product product(long id) {
    return catalog.find(id);
  }

  /**
   * Like {@link #product}, but concurrent misses of one key wait for a single catalogue call
   * (Spring's {@code Cache.get(key, valueLoader)}, which JCacheCacheManager runs as an atomic
   * {@code Cache.invoke}).
   */
  @Cacheable(cacheNames = PRODUCTS, sync = true)
  public Product productOnce(long id) {
    return catalog.find(id);
  }

  /** Renames a product and caches the result (for the current tenant). */
  @CachePut(cacheNames = PRODUCTS, key = "#id")
  public Product rename(long id, String name) {
    Product found = catalog.find(id);
    return new Product(id, name, found.tenant());
  }

  /** Drops a product from the current tenant's cache. */
  @CacheEvict(PRODUCTS)
  public void forget(long id) {}

  /** Drops all of the current tenant's products (other tenants keep theirs). */
  @CacheEvict(cacheNames = PRODUCTS, allEntries = true)
  public void forgetAll() {}
}
