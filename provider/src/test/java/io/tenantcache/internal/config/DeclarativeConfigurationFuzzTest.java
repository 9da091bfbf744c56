package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tenantcache.TenantCacheConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 random and mutated files (seeded, so every run sees the same ones): each either loads or
 * fails with {@link TenantCacheConfigurationException}; never another exception, never a hang.
 */
final class DeclarativeConfigurationFuzzTest {
  private static final int CASES = 500;
  private static final long SEED = 20_260_107L;
  private static final String T = "\"" + ConfigTestTypes.class.getName() + "$";

  /** Characters for garbage: HOCON's syntax and a few letters (no 'i': never "include"). */
  private static final String ALPHABET = "{}[]=:,\"$.?\n \t#/abcxyzABC0123456789-+_\\'";
  private static final List<String> VALUES = List.of("-1", "0", "1", "7", "1.5", "\"lots\"",
      "5 fortnights", "null", "[]", "{}", "true", "off", "\"java.lang.String\"", "com.example.Nope",
      "99999999999999999999999", "-0", "1e400", "\"\"", "${nowhere}", "${?nowhere}", "eternal",
      "planet", "cache", "tenant", "64MiB", "10m", "-5s", "0.25", T + "FailingWeigher\"",
      T + "UserLoader\"", T + "CreatedListener\"", T + "LengthWeigher\"", "[1,2]", "{ a = 1 }",
      "NaN", "Infinity", "\"tenant\\u0007\"", "[{ class = " + T + "CreatedListener\" }]",
      "[java.io.IOException]", "\"\\u0000\"", "${tenantcache.default.maximum-size}");
  private static final List<String> KEYS = List.of("maximum-size", "maximum-weight", "weigher",
      "maximum-size-per-tenant", "maximum-tenant-share", "store-by-value", "expiry",
      "expiry.created", "expiry.accessed", "expiry.updated", "read-through.loader",
      "read-through.enabled", "write-through.writer", "listeners", "statistics", "management",
      "key-type", "value-type", "resilience", "resilience.timeout", "resilience.retry",
      "resilience.retry.max-attempts", "resilience.retry.jitter", "resilience.retry.retry-on",
      "resilience.circuit-breaker", "resilience.circuit-breaker.scope",
      "resilience.circuit-breaker.failure-rate-threshold", "resilience.bulkhead.max-wait",
      "resilience.stale-if-error", "bogus", "\"a.b\"", "caches", "default");
  /** Keys with a value they accept, so that random files load now and then. */
  private static final Map<String, String> VALID = Map.ofEntries(
      Map.entry("maximum-size", "1000"), Map.entry("maximum-size-per-tenant", "10"),
      Map.entry("maximum-tenant-share", "0.5"), Map.entry("store-by-value", "false"),
      Map.entry("expiry", "{ created = 5m }"), Map.entry("expiry.created", "10s"),
      Map.entry("expiry.accessed", "eternal"), Map.entry("expiry.updated", "1h"),
      Map.entry("read-through.loader", T + "UserLoader\""),
      Map.entry("read-through.enabled", "false"), Map.entry("write-through.writer", "null"),
      Map.entry("listeners", "[{ class = " + T + "CreatedListener\" }]"),
      Map.entry("statistics", "true"), Map.entry("management", "on"),
      Map.entry("key-type", "java.lang.String"), Map.entry("value-type", "java.lang.Long"),
      Map.entry("resilience", "{ timeout = 1s }"), Map.entry("resilience.timeout", "250ms"),
      Map.entry("resilience.retry", "{}"), Map.entry("resilience.retry.max-attempts", "5"),
      Map.entry("resilience.retry.jitter", "0.25"),
      Map.entry("resilience.retry.retry-on", "[java.io.IOException]"),
      Map.entry("resilience.circuit-breaker", "{ scope = cache }"),
      Map.entry("resilience.circuit-breaker.scope", "tenant"),
      Map.entry("resilience.circuit-breaker.failure-rate-threshold", "25"),
      Map.entry("resilience.bulkhead.max-wait", "10ms"),
      Map.entry("resilience.stale-if-error", "1m"), Map.entry("tenancy.missing-tenant", "reject"),
      Map.entry("tenancy.default-tenant", "acme"), Map.entry("metrics.enabled", "false"),
      Map.entry("metrics.tenant-cap", "5"), Map.entry("management.tenant-table-size", "3"));
  private static final List<String> MANAGER_KEYS = List.of("tenancy.resolver",
      "tenancy.missing-tenant", "tenancy.default-tenant", "metrics.enabled", "metrics.tenant-tag",
      "metrics.tenant-cap", "management.tenant-table-size", "metrics.registry");

  @TempDir Path dir;

  @Test
  void randomAndMutatedFiles_loadOrFailWithTheDocumentedException() throws IOException {
    String full = resource("config/full.conf");
    Random random = new Random(SEED);
    int[] outcomes = new int[2]; // loaded, rejected

    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      for (int i = 0; i < CASES; i++) {
        String text;
        switch (i % 4) {
          case 0 -> text = mutate(full, random);
          case 1 -> text = garbage(random);
          case 2 -> text = structured(random);
          default -> text = mutate(structured(random), random);
        }
        Path file = dir.resolve("fuzz-" + i + ".conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
          DeclarativeConfiguration.load(file.toUri(), getClass().getClassLoader());
          outcomes[0]++;
        } catch (TenantCacheConfigurationException e) {
          assertThat(e.getMessage()).as("case %d", i).isNotBlank();
          outcomes[1]++;
        } catch (Throwable t) {
          fail("case " + i + " threw " + t + " for this file:\n" + text, t);
        }
      }
    });

    assertThat(outcomes[0]).as("files that loaded").isGreaterThan(CASES / 20);
    assertThat(outcomes[1]).as("files that were rejected").isGreaterThan(CASES / 4);
  }

  /** Applies 1 to 4 random edits: delete, insert, replace a value, duplicate or swap lines. */
  private static String mutate(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(out.length() + 1);
      switch (random.nextInt(6)) {
        case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(12)));
        case 1 -> out.insert(at, pick(random, VALUES));
        case 2 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 3 -> {
          int eq = out.indexOf("=", at);
          if (eq >= 0) {
            int end = out.indexOf("\n", eq);
            out.replace(eq + 1, (end < 0) ? out.length() : end, " " + pick(random, VALUES));
          }
        }
        case 4 -> {
          List<String> lines = new ArrayList<>(List.of(out.toString().split("\n", -1)));
          int line = random.nextInt(lines.size());
          lines.add(random.nextInt(lines.size() + 1), lines.get(line));
          out.setLength(0);
          out.append(String.join("\n", lines));
        }
        default -> {
          List<String> lines = new ArrayList<>(List.of(out.toString().split("\n", -1)));
          int a = random.nextInt(lines.size());
          int b = random.nextInt(lines.size());
          String swap = lines.get(a);
          lines.set(a, lines.get(b));
          lines.set(b, swap);
          out.setLength(0);
          out.append(String.join("\n", lines));
        }
      }
    }
    return out.toString();
  }

  /** Random characters of HOCON's syntax, up to 400 of them. */
  private static String garbage(Random random) {
    StringBuilder out = new StringBuilder(random.nextBoolean() ? "tenantcache " : "");
    int length = random.nextInt(400);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  /** A file with the right shape whose keys and values are picked at random. */
  private static String structured(Random random) {
    StringBuilder out = new StringBuilder("tenantcache {\n");
    for (int i = random.nextInt(3); i > 0; i--) {
      out.append("  ").append(setting(random, MANAGER_KEYS)).append('\n');
    }
    if (random.nextBoolean()) {
      out.append("  default {\n").append(settings(random)).append("  }\n");
    }
    out.append("  caches {\n");
    for (int c = random.nextInt(4); c > 0; c--) {
      out.append("    cache").append(c).append(" {\n").append(settings(random)).append("    }\n");
    }
    return out.append("  }\n}\n").toString();
  }

  private static String settings(Random random) {
    StringBuilder out = new StringBuilder();
    for (int s = random.nextInt(4); s > 0; s--) {
      out.append("      ").append(setting(random, KEYS)).append('\n');
    }
    return out.toString();
  }

  /** A random key with, mostly, a value it accepts, else any value. */
  private static String setting(Random random, List<String> keys) {
    String key = pick(random, keys);
    String valid = VALID.get(key);
    String value = (valid != null && random.nextInt(10) < 8) ? valid : pick(random, VALUES);
    return key + " = " + value;
  }

  private static String pick(Random random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        DeclarativeConfigurationFuzzTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
