package io.tenantcache.internal.load;

import static io.tenantcache.testing.CacheFixture.as;
import static io.tenantcache.testing.LoadTestSupport.thrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.LoadTestSupport.ScriptedLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed load is the caller's exception, not a warning in the log for every call: Caffeine logs
 * a future that completes exceptionally in some of its caches, and a load in flight is one.
 */
final class LoadFailureLoggingTest {
  /** Every Caffeine logger (they are named after their classes) reports to this one. */
  private static final String CAFFEINE = "com.github.benmanes.caffeine";

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler recorder = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger logger = Logger.getLogger(CAFFEINE);
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  @BeforeEach
  void setUp() {
    logger.addHandler(recorder);
  }

  @AfterEach
  void tearDown() {
    logger.removeHandler(recorder);
  }

  @Test
  void get_failingLoads_logNoWarningPerFailure() {
    ScriptedLoader loader = new ScriptedLoader().onLoad(key -> {
      throw new IllegalStateException("backend down");
    });
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader));

    for (int i = 0; i < 3; i++) {
      String key = "k" + i;
      assertThat(thrownBy(() -> as("acme", () -> cache.get(key))))
          .isInstanceOf(CacheLoaderException.class);
    }

    assertThat(records)
        .filteredOn(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
        .extracting(LogRecord::getMessage).isEmpty();
  }
}
