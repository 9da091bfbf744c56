package io.tenantcache.redis;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.spi.TenantCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * One replica in a JVM of its own, driven line by line on stdin by {@link ReplicaProcess}: {@code
 * put <tenant> <key> <value>}, {@code get <tenant> <key>}, {@code remove <tenant> <key>}, {@code
 * contains <tenant> <key>},
 * {@code clear-tenant <tenant>}, {@code status}, {@code exit}. Each command gets one line back.
 *
 * <p>Arguments: the Redis URI, the namespace, max-staleness.
 */
public final class ReplicaMain {
  private ReplicaMain() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, args[0]);
    properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, args[1]);
    properties.setProperty(TenantCacheProperties.CLUSTER_MAX_STALENESS, args[2]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CacheManager manager = Caching.getCachingProvider(TenantCachingProvider.class.getName())
        .getCacheManager(URI.create("urn:replica:" + ProcessHandle.current().pid()),
            ReplicaMain.class.getClassLoader(), properties);
    Cache<String, String> cache = manager.createCache(Replicas.CACHE,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    @SuppressWarnings("unchecked")
    TenantCache<String, String> tenants = cache.unwrap(TenantCache.class);
    out.println("ready " + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.split(" ");
      try {
        switch (words[0]) {
          case "put" -> {
            tenants.forTenant(words[1]).put(words[2], words[3]);
            out.println("ok");
          }
          case "get" -> out.println(String.valueOf(tenants.forTenant(words[1]).get(words[2])));
          case "remove" -> {
            tenants.forTenant(words[1]).remove(words[2]);
            out.println("ok");
          }
          case "contains" -> out.println(tenants.forTenant(words[1]).containsKey(words[2]));
          case "clear-tenant" -> {
            tenants.clearTenant(words[1]);
            out.println("ok");
          }
          case "status" -> {
            ClusterStatus status = manager.unwrap(ClusterTransport.class).status();
            out.println(status.current() + " " + status.sent() + " " + status.received() + " "
                + status.repairs() + " " + status.outbox());
          }
          case "exit" -> {
            manager.close();
            out.println("bye");
            return;
          }
          default -> out.println("error unknown command " + words[0]);
        }
      } catch (RuntimeException e) {
        out.println("error " + e);
      }
    }
    manager.close();
  }
}
