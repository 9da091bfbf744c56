package io.tenantcache.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.tenantcache.cluster.Invalidation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The values of a namespace's shared caches, held in Redis (mode {@code shared}): one string key
 * per entry, named by the cache, the tenant and the key, and by the cache's and the tenant's
 * epochs. A write and its invalidation are one Lua script, so a value is never in Redis without
 * the other replicas having been told to drop their copies; a tenant clear (or a cache clear)
 * only bumps an epoch, so it costs one script whatever the tenant holds: the keys of older epochs
 * are no longer named by any read, expire by their TTL, and {@link #unlinkStale} removes them in
 * the background with {@code SCAN} and {@code UNLINK} (never {@code KEYS}).
 *
 * <p>Layout, below the prefix {@code tenantcache:<namespace>:}: {@code epochs:<cache>} a hash
 * of the cache's epoch (field {@code *}) and each cleared tenant's (field {@code <tenant>}),
 * absent fields being 0; {@code v:<cache>:<cache epoch>:<tenant>:<tenant epoch>:<key>} a value.
 * Cache names, tenants and keys appear in Base64url, so no part holds a {@code :} or a glob
 * character. Every value has a TTL (an eternal entry the longest one, {@link #ETERNAL_TTL_MILLIS}),
 * and the epochs hash none: under a {@code volatile-*} {@code maxmemory-policy} Redis evicts values
 * for memory, never the epochs that keep old values unreachable.
 *
 * <p>Values are bytes: the provider's codec reads and writes them. Not thread-safe to build,
 * thread-safe to use (Lettuce's connection is); every call is one round trip and may throw what
 * Lettuce throws (the caller's time limit and breaker decide what that means).
 */
final class SharedValues {
  /** The TTL of a value whose entry never expires, so that a volatile policy may evict it. */
  static final long ETERNAL_TTL_MILLIS = 30L * 24 * 60 * 60 * 1000;

  /** Reads the value of a key at the current epochs. */
  private static final String GET = """
      local e = redis.call('HMGET', KEYS[1], '*', ARGV[2])
      return redis.call('GET', ARGV[1] .. (e[1] or '0') .. ':' .. ARGV[2] .. ':'
          .. (e[2] or '0') .. ':' .. ARGV[3])
      """;

  /**
   * Writes (ARGV[4] 'set', ARGV[5] the value, ARGV[6] its TTL) or removes (ARGV[4] 'del') a key,
   * and invalidates it (ARGV[7] the stream's length, then the entry's fields).
   */
  private static final String CHANGE = """
      local e = redis.call('HMGET', KEYS[1], '*', ARGV[2])
      local key = ARGV[1] .. (e[1] or '0') .. ':' .. ARGV[2] .. ':' .. (e[2] or '0') .. ':'
          .. ARGV[3]
      if ARGV[4] == 'set' then
        redis.call('SET', key, ARGV[5], 'PX', ARGV[6])
      else
        redis.call('DEL', key)
      end
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], '*', unpack(ARGV, 8))
      return 1
      """;

  /** Bumps an epoch (ARGV[1]: the hash field) and invalidates what it covered. */
  private static final String BUMP = """
      redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3))
      return 1
      """;

  private static final String CACHE_EPOCH = "*";
  private static final Base64.Encoder NAMES = Base64.getUrlEncoder().withoutPadding();

  private final String prefix;
  private final String stream;
  private final String origin;
  private final Supplier<RedisCommands<String, byte[]>> redis;

  /**
   * The shared values of {@code namespace}; invalidations go to {@code stream} as {@code origin}'s
   * (so this replica's follower skips them); {@code redis} gives the connection to use.
   */
  SharedValues(String namespace, String stream, String origin,
      Supplier<RedisCommands<String, byte[]>> redis) {
    this.prefix = "tenantcache:" + namespace + ":";
    this.stream = stream;
    this.origin = origin;
    this.redis = redis;
  }

  /** Returns the value of {@code key} of {@code tenant} in {@code cache}, or null. */
  byte @Nullable [] get(String cache, String tenant, byte[] key) {
    return redis.get().eval(GET, ScriptOutputType.VALUE, new String[] {epochs(cache)},
        bytes(valuePrefix(cache)), bytes(name(tenant)), bytes(NAMES.encodeToString(key)));
  }

  /**
   * Writes {@code value} for {@code key} of {@code tenant}, to expire after {@code ttlMillis}
   * (at least 1), and invalidates the key on the other replicas, in one script.
   */
  void put(String cache, String tenant, byte[] key, byte[] value, long ttlMillis) {
    change(cache, tenant, key, "set", value,
        Math.max(1, Math.min(ttlMillis, ETERNAL_TTL_MILLIS)));
  }

  /** Removes {@code key} of {@code tenant} and invalidates it on the other replicas. */
  void remove(String cache, String tenant, byte[] key) {
    change(cache, tenant, key, "del", new byte[0], 0);
  }

  private void change(String cache, String tenant, byte[] key, String what, byte[] value,
      long ttlMillis) {
    List<byte[]> arguments = new ArrayList<>();
    arguments.add(bytes(valuePrefix(cache)));
    arguments.add(bytes(name(tenant)));
    arguments.add(bytes(NAMES.encodeToString(key)));
    arguments.add(bytes(what));
    arguments.add(value);
    arguments.add(bytes(Long.toString(ttlMillis)));
    arguments.add(bytes(Long.toString(RedisInvalidationBus.STREAM_LENGTH)));
    addFields(arguments, Invalidation.ofKey(cache, tenant, key));
    redis.get().eval(CHANGE, ScriptOutputType.INTEGER, new String[] {epochs(cache), stream},
        arguments.toArray(new byte[0][]));
  }

  /**
   * Makes every value of {@code tenant} in {@code cache} unreachable at once (its epoch moves on)
   * and invalidates the tenant on the other replicas, in one script.
   */
  void clearTenant(String cache, String tenant) {
    bump(cache, name(tenant), Invalidation.ofTenant(cache, tenant));
  }

  /** As {@link #clearTenant}, for every tenant of {@code cache}. */
  void clear(String cache) {
    bump(cache, CACHE_EPOCH, Invalidation.ofCache(cache));
  }

  private void bump(String cache, String field, Invalidation invalidation) {
    List<byte[]> arguments = new ArrayList<>();
    arguments.add(bytes(field));
    arguments.add(bytes(Long.toString(RedisInvalidationBus.STREAM_LENGTH)));
    addFields(arguments, invalidation);
    redis.get().eval(BUMP, ScriptOutputType.INTEGER, new String[] {epochs(cache), stream},
        arguments.toArray(new byte[0][]));
  }

  private void addFields(List<byte[]> arguments, Invalidation invalidation) {
    Map<String, String> fields = StreamEntries.fields(origin, List.of(invalidation),
        StreamEntries.wallClockMicros());
    fields.forEach((field, content) -> {
      arguments.add(bytes(field));
      arguments.add(bytes(content));
    });
  }

  /**
   * Unlinks up to about {@code budget} keys of {@code cache} that belong to older epochs than the
   * current ones (unreachable since a clear), scanning {@code count} keys a step; returns how many
   * it unlinked. Never blocks Redis: {@code SCAN}, then {@code UNLINK} (freed in the background).
   */
  long unlinkStale(String cache, int count, long budget) {
    RedisCommands<String, byte[]> commands = redis.get();
    Map<String, byte[]> epochs = commands.hgetall(epochs(cache));
    long cacheEpoch = epoch(epochs.get(CACHE_EPOCH));
    String valuePrefix = valuePrefix(cache);
    ScanArgs matching = ScanArgs.Builder.matches(valuePrefix + "*").limit(count);
    long unlinked = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> step = commands.scan(cursor, matching);
      List<String> stale = new ArrayList<>();
      for (String key : step.getKeys()) {
        if (isStale(key.substring(valuePrefix.length()), cacheEpoch, epochs)) {
          stale.add(key);
        }
      }
      if (!stale.isEmpty()) {
        unlinked += commands.unlink(stale.toArray(new String[0]));
      }
      cursor = step;
    } while (!cursor.isFinished() && unlinked < budget);
    return unlinked;
  }

  /** {@code rest}: {@code <cache epoch>:<tenant>:<tenant epoch>:<key>}. */
  private static boolean isStale(String rest, long cacheEpoch, Map<String, byte[]> epochs) {
    String[] parts = rest.split(":", 4);
    if (parts.length != 4) {
      return false; // not written by this layout: left alone
    }
    try {
      return Long.parseLong(parts[0]) < cacheEpoch
          || Long.parseLong(parts[2]) < epoch(epochs.get(parts[1]));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static long epoch(byte @Nullable [] value) {
    return (value == null) ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }

  private String epochs(String cache) {
    return prefix + "epochs:" + name(cache);
  }

  private String valuePrefix(String cache) {
    return prefix + "v:" + name(cache) + ":";
  }

  /** A cache name or a tenant as a key part: Base64url of its UTF-8, no ':' and no glob. */
  static String name(String text) {
    return NAMES.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
