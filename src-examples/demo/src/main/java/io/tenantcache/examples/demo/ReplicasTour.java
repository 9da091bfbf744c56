package io.tenantcache.examples.demo;

import static io.tenantcache.examples.demo.TenantCacheDemo.section;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.spi.TenantCachingProvider;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * The demo's replicas chapter: two replicas of the pricing service, each with its own cache,
 * joined through a real redis-server (started here, as the tests start theirs): a write and a
 * tenant clear on replica 1, and replica 2 following. Skipped, with a line that says how to get it,
 * when there is no {@code redis-server} on the PATH.
 */
final class ReplicasTour {
  private final PrintStream out;

  ReplicasTour(PrintStream out) {
    this.out = out;
  }

  /** What the chapter observed, and the next one on the same redis-server ({@code shared}). */
  record Observed(long writeFollowedMillis, boolean writeDropped, boolean tenantCleared,
      List<String> tenantsLeftOnReplica2, long invalidationsReceived,
      SharedTierTour.@Nullable Observed shared) {
    Observed with(SharedTierTour.Observed next) {
      return new Observed(writeFollowedMillis, writeDropped, tenantCleared, tenantsLeftOnReplica2,
          invalidationsReceived, next);
    }
  }

  /**
   * Runs the chapter, numbered {@code number}, and the shared tier's ({@code number + 1}) on the
   * same redis-server; returns null when they were skipped.
   */
  @Nullable Observed run(int number) throws Exception {
    section(out, number, "Two replicas through Redis: a write and a tenant clear follow");
    Path binary = redisServer();
    if (binary == null) {
      out.println("   Skipped: no redis-server on the PATH (apt-get install redis-server, or any");
      out.println("   Redis 6.2+), see the README's \"Running several replicas\".");
      return null;
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process redis = new ProcessBuilder(List.of(binary.toString(), "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    try {
      awaitPort(port);
      String uri = "redis://127.0.0.1:" + port;
      Observed coherent = replicas(uri);
      return coherent.with(new SharedTierTour(out).run(number + 1, uri));
    } finally {
      redis.destroyForcibly();
    }
  }

  private Observed replicas(String redisUri) throws Exception {
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, redisUri);
    properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, "pricing-service");
    CachingProvider provider = javax.cache.Caching.getCachingProvider(
        TenantCachingProvider.class.getName(), ReplicasTour.class.getClassLoader());
    out.println("   Each replica's manager gets the same two properties:");
    out.println("     " + TenantCacheProperties.CLUSTER_REDIS_URI + " = " + redisUri);
    out.println("     " + TenantCacheProperties.CLUSTER_NAMESPACE + " = pricing-service");
    out.println();
    try (CacheManager one = provider.getCacheManager(URI.create("urn:tenantcache:replica-1"),
            ReplicasTour.class.getClassLoader(), properties);
        CacheManager two = provider.getCacheManager(URI.create("urn:tenantcache:replica-2"),
            ReplicasTour.class.getClassLoader(), properties)) {
      TenantCache<String, String> onOne = prices(one);
      TenantCache<String, String> onTwo = prices(two);
      await(() -> status(one).current() && status(two).current());
      for (String tenant : List.of("acme", "globex")) {
        for (String key : List.of("coffee", "tea", "espresso")) {
          onTwo.forTenant(tenant).put(key, "price of " + key + " for " + tenant);
        }
      }
      await(() -> status(one).received() >= status(two).sent());

      Table table = new Table("replica", "call", "replica 2 afterwards");
      long receivedBefore = status(two).received();
      long start = System.nanoTime();
      onOne.forTenant("acme").put("coffee", "2.95 EUR (acme, new price)");
      boolean dropped = await(() -> !onTwo.forTenant("acme").containsKey("coffee"));
      long followed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      table.row("1", "acme: put(coffee, 2.95 EUR)", dropped
          ? "dropped its acme coffee after " + followed + " ms (its next read loads it anew)"
          : "still holds its acme coffee");
      onOne.clearTenant("acme");
      boolean cleared = await(() -> !onTwo.forTenant("acme").containsKey("tea")
          && !onTwo.forTenant("acme").containsKey("espresso"));
      List<String> left = List.copyOf(new TreeSet<>(onTwo.tenants()));
      table.row("1", "clearTenant(acme)", cleared ? "holds no acme entry; tenants left: " + left
          : "still holds acme entries");
      table.print(out, "   ");
      // Replica 2 counts an invalidation once it has applied it: the entries can be gone a moment
      // before the count moves.
      await(() -> status(two).received() >= receivedBefore + 2);
      ClusterStatus status = status(two);
      out.println();
      out.printf(Locale.ROOT, "   Replica 2's figures (manager.unwrap(ClusterTransport.class)"
          + ".status()): received %d, last lag %d ms.%n", status.received(),
          status.lastLagMillis());
      out.println("   One stream entry carried the tenant clear, whatever acme held; globex kept "
          + "its entries.");
      return new Observed(followed, dropped, cleared, left, status.received(), null);
    }
  }

  @SuppressWarnings("unchecked") // unwrap(Class) cannot carry the type arguments
  private static TenantCache<String, String> prices(CacheManager manager) {
    Cache<String, String> cache = manager.createCache("prices",
        TenantCacheConfiguration.builder(String.class, String.class).maximumSize(10_000).build());
    return cache.unwrap(TenantCache.class);
  }

  private static ClusterStatus status(CacheManager manager) {
    return manager.unwrap(ClusterTransport.class).status();
  }

  /** Waits up to 10 s for {@code condition}; returns whether it came true. */
  private static boolean await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(1);
    }
    return true;
  }

  private static @Nullable Path redisServer() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("redis-server did not start on port " + port, e);
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
  }
}
