package io.tenantcache.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tenantcache.cluster.Invalidation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * absent fields being 0; {@code v:<cache>:<cache epoch>:<tenant>:<tenant epoch>:<key>} a value;
 * {@code lease:<cache>:...} (the same parts) the lease of a load in flight, a random token with a
 * TTL; a write or a removal of the key deletes it, and a clear moves the epochs past it, so either
 * voids the load's write.
 * Cache names, tenants and keys appear in Base64url, so no part holds a {@code :} or a glob
 * character. Every value has a TTL (an eternal entry the longest one, {@link #ETERNAL_TTL_MILLIS}),
 * and the epochs hash none: under a {@code volatile-*} {@code maxmemory-policy} Redis evicts values
 * for memory, never the epochs that keep old values unreachable.
 *
 * <p>Values are bytes: the provider's codec reads and writes them. Thread-safe (Lettuce's
 * connection is); every call is one round trip through {@link SharedTierCalls}, and throws its
 * {@code SharedTierUnavailableException} when Redis is slow or away.
 */
final class SharedValues {
  /** The TTL of a value whose entry never expires, so that a volatile policy may evict it. */
  static final long ETERNAL_TTL_MILLIS = 30L * 24 * 60 * 60 * 1000;

  /**
   * The start of every script about one key: {@code at}, the key's name below a value or lease
   * prefix at the current epochs (KEYS[1] the epochs hash; ARGV[1] the value prefix, ARGV[2] the
   * lease prefix, ARGV[3] the tenant, ARGV[4] the key: {@link #keyArguments}).
   */
  private static final String KEY_AT = """
      local e = redis.call('HMGET', KEYS[1], '*', ARGV[3])
      local at = (e[1] or '0') .. ':' .. ARGV[3] .. ':' .. (e[2] or '0') .. ':' .. ARGV[4]
      """;

  /**
   * Looks a key up (after {@link #KEY_AT}) and, when it is absent and ARGV[5] holds a token, takes
   * the key's lease for ARGV[6] ms: {kind, cache epoch, tenant epoch, value}, kind 1 found; 0
   * absent; 2 absent, leased to this token; 3 absent, leased to another (no value but for 1).
   */
  private static final String LOOKUP = KEY_AT + """
      local ce, te = e[1] or '0', e[2] or '0'
      local v = redis.call('GET', ARGV[1] .. at)
      if v then return {1, ce, te, v} end
      if ARGV[5] == '' then return {0, ce, te} end
      if redis.call('SET', ARGV[2] .. at, ARGV[5], 'NX', 'PX', ARGV[6]) then return {2, ce, te} end
      return {3, ce, te}
      """;

  /**
   * Reads many keys of one tenant (ARGV[1] the value prefix, ARGV[2] the tenant, ARGV[3..] the
   * keys) at the current epochs: {cache epoch, tenant epoch, {value or false, ...}}.
   */
  private static final String GET_ALL = """
      local e = redis.call('HMGET', KEYS[1], '*', ARGV[2])
      local ce, te = e[1] or '0', e[2] or '0'
      local names = {}
      for i = 3, #ARGV do
        names[#names + 1] = ARGV[1] .. ce .. ':' .. ARGV[2] .. ':' .. te .. ':' .. ARGV[i]
      end
      return {ce, te, redis.call('MGET', unpack(names))}
      """;

  /** The most keys {@link #GET_ALL} reads in one call (Lua's {@code unpack} has a limit). */
  static final int GET_ALL_BATCH = 1_000;

  /**
   * Writes a loaded value (ARGV[6], TTL ARGV[7] ms) if the key's lease at the current epochs is
   * still the token ARGV[5]'s, and gives the lease up; 1 written, 0 voided (an invalidation, a
   * clear or the lease's expiry came first). A load publishes nothing: it changed nothing.
   */
  private static final String PUT_LEASED = KEY_AT + """
      if redis.call('GET', ARGV[2] .. at) ~= ARGV[5] then return 0 end
      redis.call('SET', ARGV[1] .. at, ARGV[6], 'PX', ARGV[7])
      redis.call('DEL', ARGV[2] .. at)
      return 1
      """;

  /** Gives up the key's lease if it is still the token ARGV[5]'s (a load that failed). */
  private static final String RELEASE = KEY_AT + """
      if redis.call('GET', ARGV[2] .. at) == ARGV[5] then redis.call('DEL', ARGV[2] .. at) end
      return 1
      """;

  /**
   * Writes (ARGV[5] 'set', ARGV[6] the value, ARGV[7] its TTL) or removes (ARGV[5] 'del') a key,
   * voids its lease, and invalidates it (ARGV[8] the stream's length, then the entry's fields).
   */
  private static final String CHANGE = KEY_AT + """
      if ARGV[5] == 'set' then
        redis.call('SET', ARGV[1] .. at, ARGV[6], 'PX', ARGV[7])
      else
        redis.call('DEL', ARGV[1] .. at)
      end
      redis.call('DEL', ARGV[2] .. at)
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], '*', unpack(ARGV, 9))
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
  /** The scripts' SHA-1s, by text. */
  private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

  private final String prefix;
  private final String stream;
  private final String origin;
  private final Supplier<RedisAsyncCommands<String, byte[]>> redis;
  private final SharedTierCalls calls;
  private final EpochView epochs;

  /**
   * The shared values of {@code namespace}; invalidations go to {@code stream} as {@code origin}'s
   * (so this replica's follower skips them); {@code redis} gives the connection to use, every
   * command of which goes through {@code calls} (a time limit and a breaker); {@code epochs} is
   * what the replica knows of the epochs (learnt from look-ups here, forgotten by clears).
   */
  SharedValues(String namespace, String stream, String origin,
      Supplier<RedisAsyncCommands<String, byte[]>> redis, SharedTierCalls calls,
      EpochView epochs) {
    this.prefix = "tenantcache:" + namespace + ":";
    this.stream = stream;
    this.origin = origin;
    this.redis = redis;
    this.calls = calls;
    this.epochs = epochs;
  }

  /** Returns the value of {@code key} of {@code tenant} in {@code cache}, or null. */
  byte @Nullable [] get(String cache, String tenant, byte[] key) {
    return lookup(cache, tenant, key, "", 0).value();
  }

  /**
   * What a lookup found: the value ({@code value} not null), or the key absent and its lease
   * taken by this caller ({@code leased}), or absent and leased to another replica ({@code
   * leasedElsewhere}), or simply absent.
   */
  record Lookup(byte @Nullable [] value, boolean leased, boolean leasedElsewhere) {}

  /**
   * Looks {@code key} of {@code tenant} up and, if it is absent, takes its lease for {@code
   * leaseMillis} with {@code token} (unless another replica holds it), in one round trip: the
   * holder loads the value and writes it with {@link #putLeased}; the others wait for it (a
   * cluster-wide single flight).
   */
  Lookup lookupOrLease(String cache, String tenant, byte[] key, String token, long leaseMillis) {
    return lookup(cache, tenant, key, token, Math.max(1, leaseMillis));
  }

  private Lookup lookup(String cache, String tenant, byte[] key, String token,
      long leaseMillis) {
    List<byte[]> arguments = keyArguments(cache, tenant, key);
    arguments.add(bytes(token));
    arguments.add(bytes(Long.toString(leaseMillis)));
    long stamp = epochs.stamp();
    List<Object> found = eval(LOOKUP, ScriptOutputType.MULTI, new String[] {epochs(cache)},
        arguments);
    epochs.learn(stamp, cache, tenant, new EpochView.Epochs(text(found.get(1)),
        text(found.get(2))));
    long kind = (Long) found.get(0);
    return (kind == 1) ? new Lookup((byte[]) found.get(3), false, false)
        : new Lookup(null, kind == 2, kind == 3);
  }

  /**
   * Returns the values of {@code keys} of {@code tenant} (by index; absent ones left out), read
   * in one script per {@value #GET_ALL_BATCH} keys; takes no lease. Learns the epochs it read.
   */
  Map<Integer, byte[]> getAll(String cache, String tenant, List<byte[]> keys) {
    Map<Integer, byte[]> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += GET_ALL_BATCH) {
      List<byte[]> batch = keys.subList(from, Math.min(keys.size(), from + GET_ALL_BATCH));
      List<byte[]> arguments = new ArrayList<>(batch.size() + 2);
      arguments.add(bytes(valuePrefix(cache)));
      arguments.add(bytes(name(tenant)));
      for (byte[] key : batch) {
        arguments.add(bytes(NAMES.encodeToString(key)));
      }
      long stamp = epochs.stamp();
      List<Object> reply = eval(GET_ALL, ScriptOutputType.MULTI, new String[] {epochs(cache)},
          arguments);
      epochs.learn(stamp, cache, tenant, new EpochView.Epochs(text(reply.get(0)),
          text(reply.get(1))));
      List<?> values = (List<?>) reply.get(2);
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) instanceof byte[] value) {
          found.put(from + i, value);
        }
      }
    }
    return found;
  }

  /**
   * Returns the value of {@code key} of {@code tenant} by the epochs this replica knows, with one
   * {@code GET} (no script), or null if it does not know them or Redis has no value by them; the
   * caller then looks the key up with {@link #lookupOrLease}. See {@link EpochView} for how fresh
   * that is.
   */
  byte @Nullable [] getByKnownEpochs(String cache, String tenant, byte[] key) {
    EpochView.Epochs at = epochs.known(cache, tenant);
    if (at == null) {
      return null;
    }
    String name = valuePrefix(cache) + at.cache() + ":" + name(tenant) + ":" + at.tenant() + ":"
        + NAMES.encodeToString(key);
    RedisAsyncCommands<String, byte[]> commands = redis.get();
    return calls.call(() -> commands.get(name));
  }

  private static String text(Object reply) {
    return (reply instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(reply);
  }

  /**
   * Writes {@code value}, loaded under the lease {@code token} took, unless the lease was voided
   * meanwhile (the key was written or removed, its tenant or cache cleared, or the lease expired);
   * returns whether it was written. Either way the lease is given up.
   */
  boolean putLeased(String cache, String tenant, byte[] key, String token, byte[] value,
      long ttlMillis) {
    List<byte[]> arguments = keyArguments(cache, tenant, key);
    arguments.add(bytes(token));
    arguments.add(value);
    arguments.add(bytes(Long.toString(ttl(ttlMillis))));
    Long written = eval(PUT_LEASED, ScriptOutputType.INTEGER, new String[] {epochs(cache)},
        arguments);
    return written != null && written == 1;
  }

  /** Gives up the lease {@code token} holds on {@code key} (its load failed), if it still does. */
  void release(String cache, String tenant, byte[] key, String token) {
    List<byte[]> arguments = keyArguments(cache, tenant, key);
    arguments.add(bytes(token));
    eval(RELEASE, ScriptOutputType.INTEGER, new String[] {epochs(cache)}, arguments);
  }

  /**
   * Sends a release of the lease {@code token} may hold on {@code key} without waiting for it,
   * after a look-up with that token that did not answer in time: Redis may still run that look-up
   * and take the lease for a replica that no longer waits for it, and the release, sent later on
   * the same connection, runs after it. Fails silently (the lease then runs out by itself).
   */
  void abandon(String cache, String tenant, byte[] key, String token) {
    List<byte[]> arguments = keyArguments(cache, tenant, key);
    arguments.add(bytes(token));
    try {
      redis.get().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {epochs(cache)},
          arguments.toArray(new byte[0][])).exceptionally(failure -> 0L);
    } catch (RuntimeException e) {
      // not connected: no look-up of this connection can run later either
    }
  }

  private static long ttl(long ttlMillis) {
    return Math.max(1, Math.min(ttlMillis, ETERNAL_TTL_MILLIS));
  }

  /**
   * Writes {@code value} for {@code key} of {@code tenant}, to expire after {@code ttlMillis}
   * (at least 1), and invalidates the key on the other replicas, in one script.
   */
  void put(String cache, String tenant, byte[] key, byte[] value, long ttlMillis) {
    await(putAsync(cache, tenant, key, value, ttlMillis));
  }

  /** Removes {@code key} of {@code tenant} and invalidates it on the other replicas. */
  void remove(String cache, String tenant, byte[] key) {
    await(removeAsync(cache, tenant, key));
  }

  /**
   * Sends {@link #put} without waiting for its reply ({@link #await} it): commands sent one after
   * another on the connection run in that order, without a round trip each.
   *
   * @throws RuntimeException if it cannot be sent (no connection)
   */
  CompletableFuture<Long> putAsync(String cache, String tenant, byte[] key, byte[] value,
      long ttlMillis) {
    return change(cache, tenant, key, "set", value, ttl(ttlMillis));
  }

  /** Sends {@link #remove} without waiting for its reply; see {@link #putAsync}. */
  CompletableFuture<Long> removeAsync(String cache, String tenant, byte[] key) {
    return change(cache, tenant, key, "del", new byte[0], 0);
  }

  /** Sends {@link #clearTenant} without waiting for its reply; see {@link #putAsync}. */
  CompletableFuture<Long> clearTenantAsync(String cache, String tenant) {
    return bump(cache, name(tenant), Invalidation.ofTenant(cache, tenant));
  }

  /** Sends {@link #clear} without waiting for its reply; see {@link #putAsync}. */
  CompletableFuture<Long> clearAsync(String cache) {
    return bump(cache, CACHE_EPOCH, Invalidation.ofCache(cache));
  }

  /**
   * Waits for the reply of a command sent earlier, within the calls' time limit, and tells the
   * breaker how it went.
   *
   * @throws SharedTierCalls.SharedTierUnavailableException if it failed or took too long
   */
  void await(CompletableFuture<?> sent) {
    calls.call(() -> sent);
  }

  /** Returns whether the calls' breaker is closed (Redis has been answering). */
  boolean answering() {
    return calls.state() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED;
  }

  private CompletableFuture<Long> change(String cache, String tenant, byte[] key, String what,
      byte[] value, long ttlMillis) {
    List<byte[]> arguments = keyArguments(cache, tenant, key);
    arguments.add(bytes(what));
    arguments.add(value);
    arguments.add(bytes(Long.toString(ttlMillis)));
    arguments.add(bytes(Long.toString(RedisInvalidationBus.STREAM_LENGTH)));
    addFields(arguments, Invalidation.ofKey(cache, tenant, key));
    return send(CHANGE, ScriptOutputType.INTEGER, new String[] {epochs(cache), stream}, arguments);
  }

  /** The arguments {@link #KEY_AT} reads, in a list the caller adds its own to. */
  private List<byte[]> keyArguments(String cache, String tenant, byte[] key) {
    List<byte[]> arguments = new ArrayList<>();
    arguments.add(bytes(valuePrefix(cache)));
    arguments.add(bytes(leasePrefix(cache)));
    arguments.add(bytes(name(tenant)));
    arguments.add(bytes(NAMES.encodeToString(key)));
    return arguments;
  }

  /**
   * Runs {@code script} through the calls' time limit and breaker; returns its reply. By its SHA-1
   * ({@code EVALSHA}): Redis hashes an {@code EVAL}'s text on every call, and a look-up is the
   * shared tier's hot path; a server that does not know the script yet (first call, restart)
   * answers {@code NOSCRIPT}, and the same call sends the text then, within the same time limit.
   */
  private <T> T eval(String script, ScriptOutputType type, String[] keys,
      List<byte[]> arguments) {
    return calls.call(() -> this.<T>send(script, type, keys, arguments));
  }

  /** Sends {@code script} (as {@link #eval} does) and returns its reply's future at once. */
  private <T> CompletableFuture<T> send(String script, ScriptOutputType type, String[] keys,
      List<byte[]> arguments) {
    byte[][] values = arguments.toArray(new byte[0][]);
    String digest = DIGESTS.computeIfAbsent(script, SharedValues::sha1);
    RedisAsyncCommands<String, byte[]> commands = redis.get();
    return commands.<T>evalsha(digest, type, keys, values).toCompletableFuture()
        .exceptionallyCompose(failure -> isNoScript(failure)
            ? commands.<T>eval(script, type, keys, values).toCompletableFuture()
            : CompletableFuture.failedFuture(failure));
  }

  private static boolean isNoScript(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RedisNoScriptException) {
        return true;
      }
    }
    return false;
  }

  /** Returns the SHA-1 of {@code script} in hex, as Redis names a script. */
  static String sha1(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(bytes(script));
      StringBuilder hex = new StringBuilder(40);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /**
   * Makes every value of {@code tenant} in {@code cache} unreachable at once (its epoch moves on)
   * and invalidates the tenant on the other replicas, in one script.
   */
  void clearTenant(String cache, String tenant) {
    await(clearTenantAsync(cache, tenant));
  }

  /** As {@link #clearTenant}, for every tenant of {@code cache}. */
  void clear(String cache) {
    await(clearAsync(cache));
  }

  private CompletableFuture<Long> bump(String cache, String field, Invalidation invalidation) {
    List<byte[]> arguments = new ArrayList<>();
    arguments.add(bytes(field));
    arguments.add(bytes(Long.toString(RedisInvalidationBus.STREAM_LENGTH)));
    addFields(arguments, invalidation);
    // Forgotten before (no read by known epochs while it is on its way) and after: a look-up
    // that Redis ran before the bump may have been learnt since.
    epochs.forget(invalidation);
    CompletableFuture<Long> bumped =
        send(BUMP, ScriptOutputType.INTEGER, new String[] {epochs(cache), stream}, arguments);
    bumped.whenComplete((reply, failure) -> epochs.forget(invalidation));
    return bumped;
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
    RedisAsyncCommands<String, byte[]> commands = redis.get();
    Map<String, byte[]> epochs = calls.call(() -> commands.hgetall(epochs(cache)));
    long cacheEpoch = epoch(epochs.get(CACHE_EPOCH));
    String valuePrefix = valuePrefix(cache);
    ScanArgs matching = ScanArgs.Builder.matches(valuePrefix + "*").limit(count);
    long unlinked = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<String> step = calls.call(() -> commands.scan(from, matching));
      List<String> stale = new ArrayList<>();
      for (String key : step.getKeys()) {
        if (isStale(key.substring(valuePrefix.length()), cacheEpoch, epochs)) {
          stale.add(key);
        }
      }
      if (!stale.isEmpty()) {
        String[] keys = stale.toArray(new String[0]);
        unlinked += calls.call(() -> commands.unlink(keys));
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

  private String leasePrefix(String cache) {
    return prefix + "lease:" + name(cache) + ":";
  }

  /** A cache name or a tenant as a key part: Base64url of its UTF-8, no ':' and no glob. */
  static String name(String text) {
    return NAMES.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
