package io.tenantcache.redis;

import io.tenantcache.TenantCache;
import io.tenantcache.Tenants;
import io.tenantcache.cluster.ClusterTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * The commands of {@link ReplicaMain}'s cache {@value ReplicaMain#BACKEND}, a read-through cache
 * over {@link BackendLoader} (whose calls the test counts across processes): the child's side of
 * the tests of mode shared in real processes. {@code backend-get <tenant> <key>}, {@code
 * backend-get-async <tenant> <key>} (then {@code backend-result} waits for its value), {@code
 * backend-clear-tenant <tenant>}; {@code hold-loads} makes the loads of this JVM wait until {@code
 * release-loads}, {@code loads-in-flight} counts them, {@code load-delay <ms>} slows each; {@code
 * stampede <tenant> <key> <threads>} parks that many threads on a get of the key ({@code go} lets
 * them all run, {@code stampede-result} waits for their answers); {@code shared-figures} tells
 * what the manager's shared tier did. Each command answers one line, a failure {@code error
 * <what>}.
 */
final class BackendCommands {
  private static final long WAIT_SECONDS = 20;

  private final CacheManager manager;
  private final TenantCache<String, String> cache;
  private CompletableFuture<String> loading = CompletableFuture.completedFuture("none");
  private @Nullable Stampede stampede;

  /** Creates the cache {@value ReplicaMain#BACKEND} in {@code manager}, over {@code backend}. */
  @SuppressWarnings("unchecked")
  BackendCommands(CacheManager manager, Path backend) {
    this.manager = manager;
    BackendLoader.directory = backend;
    this.cache = manager.createCache(ReplicaMain.BACKEND,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setReadThrough(true)
            .setCacheLoaderFactory(FactoryBuilder.factoryOf(BackendLoader.class)))
        .unwrap(TenantCache.class);
  }

  /** Runs the command {@code words} and returns its reply. */
  String run(String[] words) {
    try {
      return switch (words[0]) {
        case "backend-get" -> String.valueOf(cache.forTenant(words[1]).get(words[2]));
        case "backend-get-async" -> {
          Cache<String, String> view = cache.forTenant(words[1]);
          String key = words[2];
          loading = CompletableFuture.supplyAsync(() -> view.get(key));
          yield "started";
        }
        case "backend-result" -> String.valueOf(loading.get(WAIT_SECONDS, TimeUnit.SECONDS));
        case "backend-clear-tenant" -> {
          cache.clearTenant(words[1]);
          yield "ok";
        }
        case "hold-loads" -> {
          BackendLoader.hold = new CountDownLatch(1);
          yield "ok";
        }
        case "release-loads" -> {
          CountDownLatch hold = BackendLoader.hold;
          if (hold != null) {
            hold.countDown();
          }
          yield "ok";
        }
        case "loads-in-flight" -> Integer.toString(BackendLoader.IN_FLIGHT.get());
        case "load-delay" -> {
          BackendLoader.delayMillis = Long.parseLong(words[1]);
          yield "ok";
        }
        case "stampede" -> {
          stampede = new Stampede(cache, words[1], words[2], Integer.parseInt(words[3]));
          yield "armed";
        }
        case "go" -> {
          requireStampede().go.countDown();
          yield "go";
        }
        case "stampede-result" -> requireStampede().answers();
        case "shared-figures" -> {
          SharedTierFigures figures =
              ((RedisInvalidationBus) manager.unwrap(ClusterTransport.class)).sharedFigures();
          yield figures.remoteHits() + " " + figures.remoteMisses() + " " + figures.leaseWaits()
              + " " + figures.leasesTakenOver() + " " + figures.leaseWaitsRanOut() + " "
              + figures.unavailableCalls();
        }
        default -> "error unknown command " + words[0];
      };
    } catch (Exception e) {
      return "error " + e;
    }
  }

  private Stampede requireStampede() {
    Stampede armed = stampede;
    if (armed == null) {
      throw new IllegalStateException("no stampede armed");
    }
    return armed;
  }

  /** Threads parked on a get of one key, let go at once. */
  private static final class Stampede {
    final CountDownLatch go = new CountDownLatch(1);
    private final ExecutorService threads;
    private final List<Future<String>> gets = new ArrayList<>();

    Stampede(TenantCache<String, String> cache, String tenant, String key, int count)
        throws InterruptedException {
      threads = Executors.newFixedThreadPool(count);
      CountDownLatch parked = new CountDownLatch(count);
      Cache<String, String> view = cache.forTenant(tenant);
      for (int i = 0; i < count; i++) {
        gets.add(threads.submit(() -> {
          parked.countDown();
          go.await();
          return view.get(key);
        }));
      }
      if (!parked.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the stampede's threads did not start");
      }
    }

    /** Waits for every get; returns each distinct answer with its count: {@code value*count}. */
    String answers() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      Map<String, Integer> counts = new TreeMap<>();
      try {
        for (Future<String> get : gets) {
          String answer;
          try {
            answer = String.valueOf(get.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
          } catch (Exception e) {
            answer = "error:" + e.getClass().getSimpleName();
          }
          counts.merge(answer, 1, Integer::sum);
        }
      } finally {
        threads.shutdownNow();
      }
      return counts.entrySet().stream().map(each -> each.getKey() + "*" + each.getValue())
          .collect(Collectors.joining(" "));
    }
  }

  /**
   * Loads {@code <tenant>/<key>/v<version>/<pid>}: the version is the content of the backend's
   * file {@code version} (1 if there is none), the pid this JVM's, so an answer tells which
   * replica loaded it and when. Each call first appends {@code <pid> <tenant> <key>} to the
   * backend's file {@code calls} (one write, O_APPEND: every call of every process is counted),
   * then waits while the test holds this JVM's loads, then takes {@code load-delay}.
   */
  public static final class BackendLoader extends KeyByKeyLoader<String> {
    static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    static volatile Path directory = Path.of(".");
    static volatile @Nullable CountDownLatch hold;
    static volatile long delayMillis;

    @Override
    public String load(String key) {
      String tenant = Tenants.current().orElse("-");
      long pid = ProcessHandle.current().pid();
      IN_FLIGHT.incrementAndGet();
      try {
        Files.writeString(directory.resolve("calls"), pid + " " + tenant + " " + key + "\n",
            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        String version = version();
        CountDownLatch held = hold;
        if (held != null && !held.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new CacheLoaderException("the test never released the load");
        }
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        return tenant + "/" + key + "/v" + version + "/" + pid;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheLoaderException(e);
      } finally {
        IN_FLIGHT.decrementAndGet();
      }
    }

    private static String version() throws IOException {
      try {
        return Files.readString(directory.resolve("version")).trim();
      } catch (NoSuchFileException e) {
        return "1";
      }
    }

  }
}
