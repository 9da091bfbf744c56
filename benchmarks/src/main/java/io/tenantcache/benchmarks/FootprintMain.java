package io.tenantcache.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Footprint: bytes per entry of each provider holding {@value #DEFAULT_ENTRIES} entries (Integer
 * keys and values, distinct boxes; statistics off; store-by-reference; capacity = entries; divided by
 * the entries actually held, as cache2k evicts a few just short of its capacity), two ways:
 *
 * <ul>
 *   <li>{@code jol}: the cache's object graph (JOL object sizes, walked from the cache object,
 *       stopping at threads, executors, class loaders and managers) full minus empty, per entry;
 *   <li>{@code heap}: used heap after full GCs, with the populated cache minus before creating it,
 *       per entry (includes what the cache allocates up front).
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.tenantcache.benchmarks.FootprintMain [--entries N] [provider ...]}. Prints a table and, with
 * {@code --csv FILE}, writes {@code provider,entries,jol_bytes_per_entry,heap_bytes_per_entry}.
 */
public final class FootprintMain {
  static final int DEFAULT_ENTRIES = 100_000;

  private FootprintMain() {}

  /** One provider's result. */
  record Footprint(String provider, int entries, double jolPerEntry, double heapPerEntry) {}

  public static void main(String[] args) throws Exception {
    int entries = DEFAULT_ENTRIES;
    String csv = null;
    List<String> providers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--entries" -> entries = Integer.parseInt(args[++i]);
        case "--csv" -> csv = args[++i];
        default -> providers.add(args[i]);
      }
    }
    if (providers.isEmpty()) {
      providers = List.of(Provider.ALL.split(","));
    }
    // Warm up: load every provider's classes before anything is measured.
    for (String provider : providers) {
      measure(provider, 1_000);
    }
    List<Footprint> results = new ArrayList<>();
    for (String provider : providers) {
      results.add(measure(provider, entries));
    }
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%n%-16s %8s %14s %15s%n", "provider", "entries", "jol B/entry", "heap B/entry"));
    StringBuilder lines = new StringBuilder("provider,entries,jol_bytes_per_entry,"
        + "heap_bytes_per_entry\n");
    for (Footprint result : results) {
      table.append(String.format(Locale.ROOT, "%-16s %8d %14.1f %15.1f%n", result.provider(),
          result.entries(), result.jolPerEntry(), result.heapPerEntry()));
      lines.append(String.format(Locale.ROOT, "%s,%d,%.1f,%.1f%n", result.provider(),
          result.entries(), result.jolPerEntry(), result.heapPerEntry()));
    }
    System.out.print(table);
    if (csv != null) {
      java.nio.file.Files.writeString(java.nio.file.Path.of(csv), lines);
    }
  }

  static Footprint measure(String providerId, int entries) {
    Provider provider = Provider.of(providerId);
    long before = usedHeap();
    BenchCache cache = provider.create(CacheSpec.of(entries, false));
    try {
      long emptyGraph = ObjectGraphSize.of(cache.footprintRoot());
      for (int i = 0; i < entries; i++) {
        // boxed anew (outside the box cache): each entry owns a key and a value object
        cache.put(Integer.valueOf(1_000 + i), Integer.valueOf(1_000 + i));
      }
      long after = usedHeap();
      long fullGraph = ObjectGraphSize.of(cache.footprintRoot());
      long held = 0;
      for (int i = 0; i < entries; i++) {
        if (cache.get(1_000 + i) != null) {
          held++;
        }
      }
      // cache2k evicts a few entries just short of its capacity: count per entry held
      if (held < entries - entries / 100) {
        throw new IllegalStateException(providerId + " holds " + held + " of " + entries
            + " entries at capacity " + entries);
      }
      return new Footprint(providerId, (int) held, (double) (fullGraph - emptyGraph) / held,
          (double) (after - before) / held);
    } finally {
      cache.close();
    }
  }

  /** Used heap after full collections have settled. */
  private static long usedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used && i >= 2) {
        return Math.min(used, now);
      }
      used = Math.min(used, now);
    }
    return used;
  }
}
