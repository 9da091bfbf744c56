package io.tenantcache.redis;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheProperties;
import io.tenantcache.cluster.ClusterStatus;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.spi.TenantCachingProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoaderException;

/**
 * One replica in a JVM of its own, driven line by line on stdin by {@link ReplicaProcess}: {@code
 * put <tenant> <key> <value>}, {@code get <tenant> <key>}, {@code remove <tenant> <key>}, {@code
 * contains <tenant> <key>},
 * {@code clear-tenant <tenant>}, {@code status}, {@code exit}. Each command gets one line back.
 *
 * <p>A second cache, {@value #LOADED}, reads through from a backend of files ({@link
 * #backend}): {@code load-async <tenant> <key>} starts a get on another thread ({@code
 * load-result} waits for its value), {@code get-loaded} and {@code remove-loaded} are a get and
 * a remove of that cache. Its loader reads the key's file (the same for every tenant), then says
 * it is loading (the file {@code loading-<key>}) and returns what it read only once the file
 * {@code release} exists: the test holds a load in flight while another replica writes.
 *
 * <p>A third cache, {@value #BACKEND}, reads through from a loader whose calls the test counts
 * across processes, and can hold or slow: its commands ({@code backend-get}, {@code stampede},
 * {@code shared-figures}...) are {@link BackendCommands}'.
 *
 * <p>Arguments: the Redis URI, the namespace, max-staleness, then any {@code name=value}: a
 * property of the manager (e.g. {@code tenantcache.cluster.mode=shared}).
 */
public final class ReplicaMain {
  static final String LOADED = "loaded";
  static final String BACKEND = "backend";
  private static final long LOAD_WAIT_SECONDS = 20;
  private static volatile Path backendDirectory = Path.of(".");

  private ReplicaMain() {}

  /** The directory of files the replicas of {@code namespace} load from. */
  static Path backend(String namespace) {
    return Path.of(System.getProperty("java.io.tmpdir"), "tenantcache-backend-" + namespace);
  }

  /** Loads a key from its file in the backend, once the test releases it. */
  public static final class FileLoader extends KeyByKeyLoader<String> {
    @Override
    public String load(String key) {
      try {
        String value = Files.readString(backendDirectory.resolve(key));
        Files.writeString(backendDirectory.resolve("loading-" + key), "");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOAD_WAIT_SECONDS);
        while (!Files.exists(backendDirectory.resolve("release"))) {
          if (System.nanoTime() > deadline) {
            throw new CacheLoaderException("never released");
          }
          Thread.sleep(5);
        }
        return value;
      } catch (IOException e) {
        throw new CacheLoaderException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheLoaderException(e);
      }
    }

  }

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.setProperty(TenantCacheProperties.CLUSTER_REDIS_URI, args[0]);
    properties.setProperty(TenantCacheProperties.CLUSTER_NAMESPACE, args[1]);
    properties.setProperty(TenantCacheProperties.CLUSTER_MAX_STALENESS, args[2]);
    for (int i = 3; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      properties.setProperty(args[i].substring(0, equals), args[i].substring(equals + 1));
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CacheManager manager = Caching.getCachingProvider(TenantCachingProvider.class.getName())
        .getCacheManager(URI.create("urn:replica:" + ProcessHandle.current().pid()),
            ReplicaMain.class.getClassLoader(), properties);
    Cache<String, String> cache = manager.createCache(Replicas.CACHE,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    @SuppressWarnings("unchecked")
    TenantCache<String, String> tenants = cache.unwrap(TenantCache.class);
    backendDirectory = backend(args[1]);
    @SuppressWarnings("unchecked")
    TenantCache<String, String> loaded = manager.createCache(LOADED,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(FileLoader.class)))
        .unwrap(TenantCache.class);
    BackendCommands backend = new BackendCommands(manager, backendDirectory);
    CompletableFuture<String> loading = CompletableFuture.completedFuture("none");
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
          case "load-async" -> {
            Cache<String, String> view = loaded.forTenant(words[1]);
            String key = words[2];
            loading = CompletableFuture.supplyAsync(() -> view.get(key));
            out.println("started");
          }
          case "load-result" -> out.println(loading.get(LOAD_WAIT_SECONDS, TimeUnit.SECONDS));
          case "get-loaded" -> out.println(loaded.forTenant(words[1]).get(words[2]));
          case "remove-loaded" -> {
            loaded.forTenant(words[1]).remove(words[2]);
            out.println("ok");
          }
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
          default -> out.println(backend.run(words));
        }
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        out.println("error " + e);
      }
    }
    manager.close();
  }
}
