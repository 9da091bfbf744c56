package io.tenantcache.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.Cache;

/**
 * A throwaway diagnostic (not part of the benchmarks): for each peer, the reader of
 * SharedTierBenchmark's setup does 20,000 gets of random keys after 20,000 to warm up; prints per
 * get the wall time, this JVM's CPU time (every thread), redis-server's CPU time and the Redis
 * commands it ran (INFO commandstats, reset before the measured gets).
 */
public final class RemoteHitCost {
  public static void main(String[] args) throws Exception {
    int gets = 20_000;
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int pass = 0; pass < 2; pass++) {
      for (String provider : new String[] {"redisson", "tenantcache-shared"}) {
        try (LocalRedis redis = LocalRedis.start();
            RedisPeer writer = RedisPeer.open(provider, redis.uri(), null)) {
          writer.populate(SharedTierBenchmark.KEYS);
          try (RedisPeer reader = writer.replica(null, SharedTierBenchmark.READER_CAPACITY)) {
            reader.awaitSettled();
            Cache<Integer, Integer> cache = reader.cache();
            for (int i = 0; i < gets; i++) {
              cache.get(ThreadLocalRandom.current().nextInt(SharedTierBenchmark.KEYS));
            }
            String port = redis.uri().replaceAll(".*:", "");
            cli(port, "config", "resetstat");
            double redisCpu = redisCpu(port);
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < gets; i++) {
              cache.get(ThreadLocalRandom.current().nextInt(SharedTierBenchmark.KEYS));
            }
            long wall = System.nanoTime() - start;
            cpu = os.getProcessCpuTime() - cpu;
            redisCpu = redisCpu(port) - redisCpu;
            System.out.println(String.format(Locale.ROOT,
                "%-19s pass %d: per get %.1f us wall, %.1f us JVM CPU, %.1f us redis-server CPU",
                provider, pass, wall / 1e3 / gets, cpu / 1e3 / gets, redisCpu * 1e6 / gets));
            for (String line : cli(port, "info", "commandstats").split("\n")) {
              if (line.startsWith("cmdstat_") && !line.contains("cmdstat_config")
                  && !line.contains("cmdstat_info")) {
                System.out.println("  " + line.trim());
              }
            }
            if (provider.equals("tenantcache-shared")) {
              System.out.println("  " + reader.sharedStatus());
            }
          }
        }
      }
    }
  }

  private static double redisCpu(String port) throws Exception {
    Map<String, Double> values = new HashMap<>();
    for (String line : cli(port, "info", "cpu").split("\n")) {
      String[] parts = line.trim().split(":");
      if (parts.length == 2 && parts[0].startsWith("used_cpu_") && !parts[0].contains("child")
          && !parts[0].contains("main")) {
        values.put(parts[0], Double.parseDouble(parts[1]));
      }
    }
    return values.getOrDefault("used_cpu_user", 0.0) + values.getOrDefault("used_cpu_sys", 0.0);
  }

  private static String cli(String port, String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "redis-cli";
    command[1] = "-p";
    command[2] = port;
    System.arraycopy(args, 0, command, 3, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream()))) {
      for (String line; (line = reader.readLine()) != null; ) {
        out.append(line).append('\n');
      }
    }
    process.waitFor();
    return out.toString();
  }
}
