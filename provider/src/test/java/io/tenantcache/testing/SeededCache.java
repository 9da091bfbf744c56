package io.tenantcache.testing;

import java.util.Map;
import java.util.function.Consumer;
import javax.cache.Cache;
import org.junit.jupiter.api.AutoClose;

/**
 * A string cache of a fresh {@link CacheFixture}, seeded, whose content is remembered: for tests
 * that a failing call leaves the cache as it was ({@link #assertUnchanged()}). Closed with the
 * test ({@code @AutoClose}).
 */
public final class SeededCache implements AutoCloseable {
  /** The fixture the cache belongs to, for more caches or its ticker. */
  public final CacheFixture fixture = new CacheFixture();
  /** The seeded cache. */
  public final Cache<String, String> cache;
  private final Map<String, Map<String, String>> before;

  private SeededCache(Consumer<Cache<String, String>> seeding) {
    cache = fixture.strings();
    seeding.accept(cache);
    before = CacheFixture.contents(cache);
  }

  /** A cache in which each of {@code tenants} holds {@code "k"} = {@code "<tenant>-v"}. */
  public static SeededCache withTenants(String... tenants) {
    return new SeededCache(cache -> CacheFixture.seed(cache, tenants));
  }

  /** A cache seeded by {@code seeding}. */
  public static SeededCache seededBy(Consumer<Cache<String, String>> seeding) {
    return new SeededCache(seeding);
  }

  /** Returns every tenant's entries as seeded. */
  public Map<String, Map<String, String>> before() {
    return before;
  }

  /** Asserts that the cache holds exactly what it held when seeded. */
  public void assertUnchanged() {
    CacheFixture.assertUnchanged(cache, before);
  }

  @Override
  public void close() {
    fixture.close();
  }
}
