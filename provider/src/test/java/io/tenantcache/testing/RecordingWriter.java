package io.tenantcache.testing;

import io.tenantcache.Tenants;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A {@link CacheWriter} that accepts every write and delete and records each call: the operation,
 * its argument ({@code "key=value"} for a write, the key for a delete, a map or a set for the bulk
 * forms), the tenant bound while it ran and its thread. The counterpart of {@link
 * RecordingListener}. Serializable only so that {@code FactoryBuilder.factoryOf} takes it (its
 * factory hands out this very instance).
 */
public final class RecordingWriter<K, V> implements CacheWriter<K, V>, Serializable {
  private static final long serialVersionUID = 1L;

  /** One call of the writer. */
  public record Call(String operation, Object argument, Optional<String> tenant, Thread thread) {}

  private final transient Collection<Call> calls;

  /** A writer with a log of its own. */
  public RecordingWriter() {
    this(new ConcurrentLinkedQueue<>());
  }

  /** A writer that records into {@code calls} (a log shared with, say, a loader). */
  public RecordingWriter(Collection<Call> calls) {
    this.calls = calls;
  }

  /** Returns every call so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Returns the calls of {@code operation} ({@code write}, {@code writeAll}, ...), in order. */
  public List<Call> calls(String operation) {
    return calls.stream().filter(call -> call.operation().equals(operation)).toList();
  }

  /** Forgets the calls so far. */
  public void clear() {
    calls.clear();
  }

  private void record(String operation, Object argument) {
    calls.add(new Call(operation, argument, Tenants.current(), Thread.currentThread()));
  }

  @Override
  public void write(Cache.Entry<? extends K, ? extends V> entry) {
    record("write", entry.getKey() + "=" + entry.getValue());
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    Map<Object, Object> written = new HashMap<>();
    entries.forEach(entry -> written.put(entry.getKey(), entry.getValue()));
    record("writeAll", written);
    entries.clear();
  }

  @Override
  public void delete(Object key) {
    record("delete", key);
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    record("deleteAll", Set.copyOf(new ArrayList<>(keys)));
    keys.clear();
  }
}
