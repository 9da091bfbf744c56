package io.tenantcache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tenantcache.TenantCacheConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad configuration: every case fails with {@link TenantCacheConfigurationException} whose message
 * names the setting's full path, the bad value and what is allowed.
 */
final class DeclarativeConfigurationErrorsTest {
  private static final String T = ConfigTestTypes.class.getName() + "$";
  private static final String C = "tenantcache.caches.users.";

  @TempDir Path dir;

  /** (file text, full path, rendered value, part of "allowed"). */
  static Stream<Arguments> badValues() {
    return Stream.of(
        // sizes
        bad("tenantcache.caches.users.maximum-size = -5",
            C + "maximum-size", "-5", "a whole number >= 0"),
        bad("tenantcache.default.maximum-size = -1\ntenantcache.caches.users {}",
            "tenantcache.default.maximum-size", "-1", "a whole number >= 0"),
        bad("tenantcache.caches.users.maximum-size = lots",
            C + "maximum-size", "\"lots\"", "a whole number >= 0"),
        bad("tenantcache.caches.users.maximum-size = 1.5",
            C + "maximum-size", "1.5", "a whole number >= 0"),
        bad("tenantcache.caches.users.maximum-size = 99999999999999999999999",
            C + "maximum-size", "\"99999999999999999999999\"", "a whole number >= 0"),
        bad("tenantcache.caches.users.maximum-size = [1]",
            C + "maximum-size", "[1]", "a whole number >= 0"),
        bad("tenantcache.caches.users { maximum-weight = -1, weigher = \"" + T + "LengthWeigher\" }",
            C + "maximum-weight", "-1", "a size such as 512MiB"),
        bad("tenantcache.caches.users { maximum-weight = \"5 bananas\" }",
            C + "maximum-weight", "\"5 bananas\"", "a size such as 512MiB"),
        bad("tenantcache.caches.users { maximum-size = 5, maximum-weight = 10 }",
            C + "maximum-weight", "10", "one of maximum-size and maximum-weight per block"),
        bad("tenantcache.caches.users { maximum-weight = 10 }",
            C + "weigher", "null", "implements io.tenantcache.EntryWeigher"),
        bad("tenantcache.caches.users { maximum-weight = 10, weigher = java.lang.String }",
            C + "weigher", "\"java.lang.String\"", "implements io.tenantcache.EntryWeigher"),
        bad("tenantcache.caches.users { maximum-weight = 10, weigher = \"" + T + "FailingWeigher\" }",
            C + "weigher", "FailingWeigher\"", "implements io.tenantcache.EntryWeigher"),
        bad("tenantcache.caches.users.weigher = com.example.Nope",
            C + "weigher", "\"com.example.Nope\"", "implements io.tenantcache.EntryWeigher"),
        // load-duration buckets
        bad("tenantcache.metrics.load-slo = [1ms, soon]",
            "tenantcache.metrics.load-slo", "[\"1ms\",\"soon\"]", "a list of positive durations"),
        bad("tenantcache.metrics.load-slo = [0ms]",
            "tenantcache.metrics.load-slo", "[\"0ms\"]", "a list of positive durations"),
        // fallback
        bad("tenantcache.caches.users.resilience.fallback = java.lang.String",
            C + "resilience.fallback", "\"java.lang.String\"", "java.util.function.BiFunction"),
        // refresh-ahead
        bad("tenantcache.caches.users.refresh-after-write = -1s",
            C + "refresh-after-write", "\"-1s\"", "a positive duration"),
        // serial filter
        bad("tenantcache.caches.users.serial-filter = \"maxdepth=notanumber\"",
            C + "serial-filter", "\"maxdepth=notanumber\"", "a jdk.serialFilter pattern"),
        bad("tenantcache.caches.users.serial-filter = 42",
            C + "serial-filter", "42", "a jdk.serialFilter pattern"),
        // quotas
        bad("tenantcache.caches.users.maximum-size-per-tenant = 0",
            C + "maximum-size-per-tenant", "0", "a whole number >= 1"),
        bad("tenantcache.caches.users.maximum-tenant-share = 1.5",
            C + "maximum-tenant-share", "1.5", "a number > 0 and <= 1"),
        bad("tenantcache.caches.users.maximum-tenant-share = 0",
            C + "maximum-tenant-share", "0", "a number > 0 and <= 1"),
        bad("tenantcache.caches.users.maximum-tenant-share = NaN",
            C + "maximum-tenant-share", "\"NaN\"", "a number > 0 and <= 1"),
        bad("tenantcache.caches.users { maximum-size-per-tenant = 5, maximum-tenant-share = 0.5 }",
            C + "maximum-tenant-share", "0.5", "one of maximum-size-per-tenant and maximum-tenant"),
        bad("tenantcache.caches.users { maximum-weight = 10, weigher = \"" + T + "LengthWeigher\""
            + ", maximum-tenant-share = 0.5 }",
            C + "maximum-tenant-share", "0.5", "with maximum-weight use maximum-size-per-tenant"),
        // durations and expiry
        bad("tenantcache.caches.users.expiry.created = 5 fortnights",
            C + "expiry.created", "\"5 fortnights\"", "units ns, us, ms, s, m, h, d"),
        bad("tenantcache.caches.users.expiry.accessed = -1s",
            C + "expiry.accessed", "\"-1s\"", "a duration >= 0"),
        bad("tenantcache.caches.users.expiry.updated = true",
            C + "expiry.updated", "true", "a duration >= 0"),
        bad("tenantcache.caches.users.resilience.timeout = 0s",
            C + "resilience.timeout", "\"0s\"", "a positive duration"),
        bad("tenantcache.caches.users.resilience.stale-if-error = forever",
            C + "resilience.stale-if-error", "\"forever\"", "a duration >= 0"),
        // retry
        bad("tenantcache.caches.users.resilience.retry.max-attempts = 0",
            C + "resilience.retry.max-attempts", "0", "a whole number >= 1"),
        bad("tenantcache.caches.users.resilience.retry.max-attempts = 3000000000",
            C + "resilience.retry.max-attempts", "3000000000", "at most 2147483647"),
        bad("tenantcache.caches.users.resilience.retry.wait = soon",
            C + "resilience.retry.wait", "\"soon\"", "a duration of at least 1ms"),
        bad("tenantcache.caches.users.resilience.retry.wait = 0ms",
            C + "resilience.retry.wait", "\"0ms\"", "a duration of at least 1ms"),
        bad("tenantcache.caches.users.resilience.retry.backoff-multiplier = 0.5",
            C + "resilience.retry.backoff-multiplier", "0.5", "a number >= 1"),
        bad("tenantcache.caches.users.resilience.retry.jitter = 1.0",
            C + "resilience.retry.jitter", "1", "a number >= 0 and < 1"),
        bad("tenantcache.default.resilience.retry.retry-on = [com.example.Nope]\n"
            + "tenantcache.caches.users {}",
            "tenantcache.default.resilience.retry.retry-on[0]", "\"com.example.Nope\"",
            "names of Throwable classes"),
        bad("tenantcache.caches.users.resilience.retry.ignore = [java.io.IOException, "
            + "java.lang.String]",
            C + "resilience.retry.ignore[1]", "\"java.lang.String\"", "names of Throwable classes"),
        bad("tenantcache.caches.users.resilience.retry.retry-on = java.io.IOException",
            C + "resilience.retry.retry-on", "\"java.io.IOException\"", "a list [ ... ]"),
        // circuit breaker and bulkhead
        bad("tenantcache.caches.users.resilience.circuit-breaker.scope = planet",
            C + "resilience.circuit-breaker.scope", "\"planet\"", "one of tenant, cache"),
        bad("tenantcache.caches.users.resilience.circuit-breaker.failure-rate-threshold = 150",
            C + "resilience.circuit-breaker.failure-rate-threshold", "150",
            "a percentage > 0 and <= 100"),
        bad("tenantcache.caches.users.resilience.circuit-breaker.slow-call-duration = 0",
            C + "resilience.circuit-breaker.slow-call-duration", "0", "a positive duration"),
        bad("tenantcache.caches.users.resilience.circuit-breaker.sliding-window-size = -3",
            C + "resilience.circuit-breaker.sliding-window-size", "-3", "a whole number >= 1"),
        bad("tenantcache.caches.users.resilience.circuit-breaker.wait-in-open = 1us",
            C + "resilience.circuit-breaker.wait-in-open", "\"1us\"", "at least 1ms"),
        bad("tenantcache.caches.users.resilience.bulkhead.scope = galaxy",
            C + "resilience.bulkhead.scope", "\"galaxy\"", "one of tenant, cache"),
        bad("tenantcache.caches.users.resilience.bulkhead.max-concurrent-calls = 0",
            C + "resilience.bulkhead.max-concurrent-calls", "0", "a whole number >= 1"),
        bad("tenantcache.caches.users.resilience.bulkhead.max-wait = -5ms",
            C + "resilience.bulkhead.max-wait", "\"-5ms\"", "a duration >= 0"),
        // classes
        bad("tenantcache.caches.users.key-type = com.example.Missing",
            C + "key-type", "\"com.example.Missing\"", "the name of a class"),
        bad("tenantcache.caches.users.value-type = int",
            C + "value-type", "\"int\"", "the name of a class"),
        bad("tenantcache.caches.users.key-type = 42",
            C + "key-type", "42", "the name of a class"),
        bad("tenantcache.caches.users.read-through.loader = java.lang.String",
            C + "read-through.loader", "\"java.lang.String\"",
            "implements javax.cache.integration.CacheLoader"),
        bad("tenantcache.caches.users.read-through.loader = \"" + T + "AbstractLoader\"",
            C + "read-through.loader", "AbstractLoader\"", "has a public no-argument constructor"),
        bad("tenantcache.caches.users.read-through.loader = \"" + T + "NeedsArgumentLoader\"",
            C + "read-through.loader", "NeedsArgumentLoader\"", "public no-argument constructor"),
        bad("tenantcache.caches.users.read-through.loader = \"" + T + "HiddenLoader\"",
            C + "read-through.loader", "HiddenLoader\"", "the name of a public class"),
        bad("tenantcache.caches.users.read-through.loader = \"\"",
            C + "read-through.loader", "\"\"", "implements javax.cache.integration.CacheLoader"),
        bad("tenantcache.caches.users.write-through.writer = \"" + T + "NotALoader\"",
            C + "write-through.writer", "NotALoader\"",
            "implements javax.cache.integration.CacheWriter"),
        bad("tenantcache.caches.users.listeners = [{ class = \"" + T + "MarkerListener\" }]",
            C + "listeners[0].class", "MarkerListener\"", "CacheEntryCreatedListener"),
        bad("tenantcache.caches.users.listeners = [{ class = \"" + T + "CreatedListener\", "
            + "filter = \"" + T + "UserLoader\" }]",
            C + "listeners[0].filter", "UserLoader\"",
            "implements javax.cache.event.CacheEntryEventFilter"),
        bad("tenantcache.caches.users.listeners = [{ filter = null }]",
            C + "listeners[0].class", "null", "CacheEntryCreatedListener"),
        bad("tenantcache.caches.users.listeners = [{ class = \"" + T + "CreatedListener\", "
            + "synchronous = often }]",
            C + "listeners[0].synchronous", "\"often\"", "true or false"),
        bad("tenantcache.caches.users.listeners = [{ class = \"" + T + "CreatedListener\" }, "
            + "{ class = \"" + T + "CreatedListener\" }]",
            C + "listeners[1]", "CreatedListener\"}", "each listener"),
        bad("tenantcache.caches.users.listeners = [\"" + T + "CreatedListener\"]",
            C + "listeners[0]", "CreatedListener\"", "{ class ="),
        bad("tenantcache.caches.users.listeners = { class = x }",
            C + "listeners", "{\"class\":\"x\"}", "a list [ ... ]"),
        // booleans
        bad("tenantcache.caches.users.store-by-value = maybe",
            C + "store-by-value", "\"maybe\"", "true or false"),
        bad("tenantcache.caches.users.statistics = 5",
            C + "statistics", "5", "true or false"),
        bad("tenantcache.caches.users.read-through.enabled = null",
            C + "read-through.enabled", "null", "true or false"),
        // unknown keys and wrong shapes
        bad("tenantcache.caches.users.maximum-szie = 5",
            C + "maximum-szie", "5", "maximum-size, maximum-size-per-tenant"),
        bad("tenantcache.cache { users {} }",
            "tenantcache.cache", "{\"users\":{}}", "caches, cluster, default, management, metrics, tenancy"),
        bad("tenantcache.caches.users.expiry { create = 5m }",
            C + "expiry.create", "\"5m\"", "accessed, created, updated"),
        bad("tenantcache.default.resilience.retry { attempts = 5 }",
            "tenantcache.default.resilience.retry.attempts", "5", "backoff-multiplier, ignore"),
        bad("tenantcache.caches.users.listeners = [{ class = x, sync = true }]",
            C + "listeners[0].sync", "true", "class, filter, old-value-required, synchronous"),
        bad("tenantcache.caches.users.expiry = 5m",
            C + "expiry", "\"5m\"", "a block { ... } with the keys accessed, created, updated"),
        bad("tenantcache.caches.users = 5",
            "tenantcache.caches.users", "5", "a block of cache settings"),
        bad("tenantcache.caches { com.example.Book { maximum-size = 5 } }",
            "tenantcache.caches.com.example", "{\"Book\":{\"maximum-size\":5}}", "key-type"),
        bad("tenantcache.caches { \"\" { maximum-size = 5 } }",
            "tenantcache.caches.\"\"", "a cache name must not be blank", "a non-blank name"),
        bad("tenantcache = [1, 2]",
            "tenantcache", "[1,2]", "caches, cluster, default, management, metrics, tenancy"),
        // manager settings
        bad("tenantcache.tenancy.missing-tenant = maybe",
            "tenantcache.tenancy.missing-tenant", "\"maybe\"", "one of default, reject"),
        bad("tenantcache.tenancy.default-tenant = \"  \"",
            "tenantcache.tenancy.default-tenant", "\"  \"", "non-blank"),
        bad("tenantcache.tenancy.resolver = java.lang.String",
            "tenantcache.tenancy.resolver", "\"java.lang.String\"",
            "implements io.tenantcache.TenantResolver"),
        bad("tenantcache.metrics.tenant-cap = -1",
            "tenantcache.metrics.tenant-cap", "-1", "a whole number >= 0"),
        bad("tenantcache.metrics.enabled = sometimes",
            "tenantcache.metrics.enabled", "\"sometimes\"", "true or false"),
        bad("tenantcache.metrics.tenant-tag = 1",
            "tenantcache.metrics.tenant-tag", "1", "true or false"),
        bad("tenantcache.management.tenant-table-size = 0",
            "tenantcache.management.tenant-table-size", "0", "a whole number >= 1"),
        bad("tenantcache.metrics { registry = global }",
            "tenantcache.metrics.registry", "\"global\"", "enabled, load-slo, tenant-cap, tenant-tag"));
  }

  private static Arguments bad(String hocon, String path, String value, String allowed) {
    return Arguments.of(hocon, path, value, allowed);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badValues")
  void load_badValue_failsNamingPathValueAndWhatIsAllowed(String hocon, String path,
      String value, String allowed) throws IOException {
    TenantCacheConfigurationException failure = load(hocon);

    assertThat(failure.getMessage())
        .contains(path)
        .contains(value)
        .contains("allowed")
        .contains(allowed);
    assertThat(failure.setting()).isEqualTo(path);
  }

  @Test
  void unknownKey_suggestsTheNearestKnownOne() throws IOException {
    assertThat(load("tenantcache.caches.users.maximum-szie = 5").getMessage())
        .contains("unknown key 'maximum-szie' (did you mean 'maximum-size'?)");
  }

  @Test
  void unquotedDottedCacheName_saysToQuoteIt() throws IOException {
    assertThat(load("tenantcache.caches { com.example.Book {} }").getMessage())
        .contains("must be quoted, e.g. caches { \"com.example.Book\" { ... } }");
  }

  @Test
  void primitiveType_saysToUseTheWrapper() throws IOException {
    assertThat(load("tenantcache.caches.users.value-type = int").getMessage())
        .contains("use its wrapper, e.g. java.lang.Integer");
  }

  @Test
  void badValue_saysWhereItWasWritten() throws IOException {
    TenantCacheConfigurationException failure =
        load("tenantcache {\n  caches {\n    users.maximum-size = -5\n  }\n}\n");

    assertThat(failure.getMessage()).contains("bad.conf: 3)");
  }

  @Test
  void syntaxError_namesTheFileAndLine() throws IOException {
    TenantCacheConfigurationException failure =
        load("tenantcache {\n  caches {\n    users { maximum-size = 5 \n");

    assertThat(failure.setting()).isNull();
    assertThat(failure.getMessage()).contains("bad.conf: 4");
    assertThat(failure.getCause()).isNotNull();
  }

  @Test
  void unresolvedSubstitution_isAConfigurationError() throws IOException {
    TenantCacheConfigurationException failure =
        load("tenantcache.caches.users.maximum-size = ${nowhere.to.be.found}");

    assertThat(failure.getMessage()).contains("nowhere.to.be.found");
  }

  @Test
  void cyclicSubstitution_isAConfigurationError() throws IOException {
    TenantCacheConfigurationException failure = load("a = ${b}\nb = ${a}\n"
        + "tenantcache.caches.users.maximum-size = ${a}");

    assertThat(failure.getMessage()).contains("bad.conf");
  }

  private TenantCacheConfigurationException load(String hocon) throws IOException {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, hocon);
    URI uri = file.toUri();
    TenantCacheConfigurationException failure = catchThrowableOfType(
        TenantCacheConfigurationException.class,
        () -> DeclarativeConfiguration.load(uri, DeclarativeConfigurationErrorsTest.class
            .getClassLoader()));
    assertThat(failure).as("the failure for:%n%s", hocon).isNotNull();
    return failure;
  }
}
