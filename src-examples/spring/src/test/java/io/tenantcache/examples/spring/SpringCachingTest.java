package io.tenantcache.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring's cache abstraction on TenantCache, in a real Spring application context: each test call
 * runs as a web request whose tenant {@link RequestTenantResolver} reads.
 */
final class SpringCachingTest {
  private AnnotationConfigApplicationContext context;
  private ProductService service;
  private ProductCatalog catalog;

  @BeforeEach
  void start() {
    String expected = System.getProperty("tenantcache.examples.spring-version");
    if (expected != null) { // set by the build: this class also runs against Spring 6.2
      assertThat(org.springframework.core.SpringVersion.getVersion()).isEqualTo(expected);
    }
    context = new AnnotationConfigApplicationContext(TenantCacheSpringConfig.class);
    service = context.getBean(ProductService.class);
    catalog = context.getBean(ProductCatalog.class);
  }

  @AfterEach
  void stop() {
    RequestContextHolder.resetRequestAttributes();
    context.close();
  }

  /** Runs {@code call} as a request of {@code tenant}, as Spring MVC would set it up. */
  private static <T> T inRequest(String tenant, Supplier<T> call) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/products");
    request.setAttribute(RequestTenantResolver.TENANT_ATTRIBUTE, tenant);
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    try {
      return call.get();
    } finally {
      RequestContextHolder.resetRequestAttributes();
    }
  }

  private static void inRequest(String tenant, Runnable call) {
    inRequest(tenant, () -> {
      call.run();
      return null;
    });
  }

  @Test
  void cacheManager_isSpringsJCacheCacheManager_overTenantCache() {
    CacheManager cacheManager = context.getBean(CacheManager.class);

    assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
    assertThat(cacheManager.getCacheNames()).containsExactly(ProductService.PRODUCTS);
    Object nativeCache = cacheManager.getCache(ProductService.PRODUCTS).getNativeCache();
    assertThat(((Cache<?, ?>) nativeCache).unwrap(TenantCache.class)).isNotNull();
  }

  @Test
  void cacheable_cachesPerTenant_fromTheRequest() {
    Product acme = inRequest("acme", () -> service.product(1));
    Product acmeAgain = inRequest("acme", () -> service.product(1));
    Product globex = inRequest("globex", () -> service.product(1));

    assertThat(acme.name()).isEqualTo("acme's product 1");
    assertThat(acmeAgain).isEqualTo(acme);
    assertThat(globex.name()).as("same key, other tenant: its own entry")
        .isEqualTo("globex's product 1");
    assertThat(catalog.calls("acme")).isEqualTo(1);
    assertThat(catalog.calls("globex")).isEqualTo(1);
    assertThat(admin().tenants()).containsExactlyInAnyOrder("acme", "globex");
    assertThat(admin().statistics("acme").hits()).isEqualTo(1);
  }

  @Test
  void cachePut_andCacheEvict_actOnTheRequestsTenantOnly() {
    inRequest("acme", () -> service.product(7));
    inRequest("globex", () -> service.product(7));

    inRequest("acme", () -> service.rename(7, "Acme Anvil"));
    assertThat(inRequest("acme", () -> service.product(7)).name()).isEqualTo("Acme Anvil");
    assertThat(inRequest("globex", () -> service.product(7)).name())
        .isEqualTo("globex's product 7");

    inRequest("globex", () -> service.forget(7));
    assertThat(admin().forTenant("globex").containsKey(7L)).isFalse();
    assertThat(admin().forTenant("acme").containsKey(7L)).isTrue();

    inRequest("acme", () -> service.forgetAll());
    assertThat(admin().tenants()).isEmpty();
  }

  @Test
  void syncCacheable_coalescesConcurrentMisses_oneCatalogCallPerTenant() throws Exception {
    catalog.setLatencyMillis(50);
    int threadsPerTenant = 16;
    ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerTenant);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Product>> answers = new ArrayList<>();
    List<Product> products = new ArrayList<>();
    try {
      for (String tenant : List.of("acme", "globex")) {
        for (int i = 0; i < threadsPerTenant; i++) {
          Callable<Product> call = () -> {
            start.await();
            return inRequest(tenant, () -> service.productOnce(42));
          };
          answers.add(pool.submit(call));
        }
      }
      start.countDown();
      for (Future<Product> answer : answers) {
        products.add(answer.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(catalog.calls("acme")).as("acme's catalogue calls").isEqualTo(1);
    assertThat(catalog.calls("globex")).as("globex's catalogue calls").isEqualTo(1);
    assertThat(products).filteredOn(product -> product.tenant().equals("acme"))
        .hasSize(threadsPerTenant).allMatch(product -> product.name().equals("acme's product 42"));
    assertThat(products).filteredOn(product -> product.tenant().equals("globex"))
        .hasSize(threadsPerTenant);
  }

  @Test
  void tenantHeaderFilter_setsTheTenantThatTheCacheUses() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/products/3");
    request.addHeader(TenantHeaderFilter.TENANT_HEADER, "initech");
    List<Product> seen = new ArrayList<>();
    MockFilterChain chain = new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
      @Override
      protected void doGet(jakarta.servlet.http.HttpServletRequest req,
          jakarta.servlet.http.HttpServletResponse resp) {
        // What DispatcherServlet does before it calls a controller:
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(req));
        try {
          seen.add(service.product(3));
        } finally {
          RequestContextHolder.resetRequestAttributes();
        }
      }
    }, new TenantHeaderFilter());

    chain.doFilter(request, new MockHttpServletResponse());

    assertThat(seen).singleElement().extracting(Product::tenant).isEqualTo("initech");
    assertThat(admin().forTenant("initech").containsKey(3L)).isTrue();
  }

  @Test
  void callOutsideARequest_isRejected_withAMessageThatSaysWhatToDo() {
    assertThatThrownBy(() -> service.product(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tenant");
    assertThat(catalog.calls("acme")).isZero();
  }

  @SuppressWarnings("unchecked")
  private TenantCache<Object, Object> admin() {
    Cache<Object, Object> cache = (Cache<Object, Object>) context.getBean(CacheManager.class)
        .getCache(ProductService.PRODUCTS).getNativeCache();
    return cache.unwrap(TenantCache.class);
  }
}
