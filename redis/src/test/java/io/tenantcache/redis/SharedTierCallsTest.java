package io.tenantcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The shared tier's calls against a real redis-server that is paused and killed: a slow Redis
 * costs a call its time limit, a dead one opens the breaker (then no call waits), and the breaker
 * closes by itself once Redis is back.
 */
final class SharedTierCallsTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  private static SharedTierCalls calls(Duration timeLimit) {
    return new SharedTierCalls("test", timeLimit, CircuitBreakerConfig.custom()
        .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofMillis(200))
        .permittedNumberOfCallsInHalfOpenState(1).build());
  }

  @Test
  void aSlowRedis_costsACallItsTimeLimit_notTheCommandTimeout() {
    try (TestRedis redis = TestRedis.start()) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisAsyncCommands<String, String> commands = connection.async();
        SharedTierCalls calls = calls(Duration.ofMillis(100));
        assertThat(calls.call(() -> commands.set("k", "v"))).isEqualTo("OK");

        redis.with(admin -> admin.clientPause(3_000));
        Throwable failure = catchThrowable(() -> calls.call(() -> commands.get("k")));

        assertThat(failure).isInstanceOf(SharedTierCalls.SharedTierUnavailableException.class)
            .hasMessageContaining("did not answer within 100 ms")
            .hasCauseInstanceOf(TimeoutException.class);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void aDeadRedis_opensTheBreaker_andItClosesByItselfWhenRedisIsBack() {
    try (TestRedis redis = TestRedis.start()) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisAsyncCommands<String, String> commands = connection.async();
        SharedTierCalls calls = calls(Duration.ofMillis(200));
        calls.call(() -> commands.set("k", "v"));

        redis.kill();
        for (int i = 0; i < 4; i++) {
          assertThat(catchThrowable(() -> calls.call(() -> commands.get("k"))))
              .isInstanceOf(SharedTierCalls.SharedTierUnavailableException.class);
        }

        assertThat(calls.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(catchThrowable(() -> calls.call(() -> commands.get("k"))))
            .as("open: nothing is sent").hasCauseInstanceOf(CallNotPermittedException.class)
            .hasMessageContaining("circuit breaker is open");

        redis.restart();
        await().atMost(BOUND).ignoreExceptions()
            .until(() -> calls.call(() -> commands.set("k", "back")).equals("OK"));
        assertThat(calls.state()).isEqualTo(CircuitBreaker.State.CLOSED);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      }
    }
  }
}
