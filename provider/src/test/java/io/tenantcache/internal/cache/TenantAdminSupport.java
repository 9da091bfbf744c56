package io.tenantcache.internal.cache;

import io.tenantcache.TenantStatistics;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AutoClose;

/**
 * What the tests of TenantAdminTest and TenantAdminStatisticsTest share: their fixtures and
 * helpers.
 */
abstract class TenantAdminSupport {
  static final String A = "acme";
  static final String B = "globex";
  static final String C = "initech";

  @AutoClose final CacheFixture fixture = new CacheFixture();

  /** Loads "loaded:<bound tenant>:<key>", and fails for the key "boom". */
  static final class FailingForBoomLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      if (key.equals("boom")) {
        throw new IllegalStateException("backend down for " + key);
      }
      return "loaded:" + Tenants.current().orElse("?") + ":" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }
  }

  static void fill(Cache<String, String> cache, String tenant, String... keys) {
    Tenants.run(tenant, () -> {
      for (String key : keys) {
        cache.put(key, tenant + ":" + key);
      }
    });
  }

  static long sum(List<TenantStatistics> all,
      ToLongFunction<TenantStatistics> figure) {
    return all.stream().mapToLong(figure).sum();
  }
}
