package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingListener.Seen;
import io.tenantcache.testing.RecordingWriter;
import io.tenantcache.testing.RecordingWriter.Call;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The loader, the writer and the listeners run with the entry's tenant bound, whichever thread
 * runs them and whatever that thread had bound; events name the tenant too.
 */
final class EntryTenantBindingTest {
  private static final String A = "acme";
  private static final String B = "globex";

  /** One call into a loader or writer: what it was, and the tenant and thread it ran with. */

  private final Collection<Call> calls = new ConcurrentLinkedQueue<>();
  private final RecordingLoader loader = new RecordingLoader();
  private final RecordingWriter<String, String> writer = new RecordingWriter<>(calls);
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  private Cache<String, String> readThroughCache() {
    return fixture.create(fixture.builder(String.class, String.class).readThrough(() -> loader));
  }

  private Cache<String, String> writeThroughCache() {
    return fixture.create(fixture.builder(String.class, String.class).writeThrough(() -> writer));
  }

  private List<Call> calls(String operation) {
    return calls.stream().filter(call -> call.operation().equals(operation)).toList();
  }

  @Test
  void loader_onReadThroughGet_seesEntrysTenant() {
    Cache<String, String> cache = readThroughCache();

    assertThat(as(A, () -> cache.get("k"))).isEqualTo("acme/k");
    assertThat(as(B, () -> cache.get("k"))).isEqualTo("globex/k");

    assertThat(calls("load")).extracting(Call::tenant)
        .containsExactly(Optional.of(A), Optional.of(B));
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void loader_onUnboundGet_seesDefaultTenantBound() {
    Cache<String, String> cache = readThroughCache();

    assertThat(cache.get("k")).isEqualTo("default/k");

    assertThat(calls("load")).extracting(Call::tenant)
        .containsExactly(Optional.of(Tenants.DEFAULT_TENANT));
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void loader_onReadThroughGetAll_seesEntrysTenant() {
    Cache<String, String> cache = readThroughCache();
    Tenants.run(A, () -> cache.put("k1", "cached"));

    Map<String, String> all = as(A, () -> cache.getAll(Set.of("k1", "k2", "k3")));

    assertThat(all).containsOnly(
        Map.entry("k1", "cached"), Map.entry("k2", "acme/k2"), Map.entry("k3", "acme/k3"));
    assertThat(calls("loadAll")).singleElement().satisfies(call -> {
      assertThat(call.tenant()).contains(A);
      assertThat(call.argument()).isEqualTo(Set.of("k2", "k3"));
    });
    assertThat(as(B, () -> cache.containsKey("k2"))).isFalse();
  }

  @Test
  void loader_onLoadAll_runsOnAnotherThreadWithEntrysTenant() throws Exception {
    Cache<String, String> cache = readThroughCache();
    CompletionListenerFuture done = new CompletionListenerFuture();

    Tenants.run(A, () -> cache.loadAll(Set.of("k1", "k2"), false, done));
    done.get(5, SECONDS);

    assertThat(calls("loadAll")).singleElement().satisfies(call -> {
      assertThat(call.tenant()).contains(A);
      assertThat(call.thread()).isNotSameAs(Thread.currentThread());
    });
    assertThat(as(A, () -> cache.containsKey("k1"))).isTrue();
    assertThat(as(A, () -> cache.get("k2"))).isEqualTo("acme/k2");
    assertThat(as(B, () -> cache.containsKey("k1"))).isFalse();
  }

  @Test
  void writer_onPut_seesEntrysTenant() {
    Cache<String, String> cache = writeThroughCache();

    Tenants.run(A, () -> cache.put("k", "a1"));
    Tenants.run(B, () -> cache.put("k", "b1"));

    assertThat(calls("write")).extracting(Call::argument, Call::tenant).containsExactly(
        tuple("k=a1", Optional.of(A)),
        tuple("k=b1", Optional.of(B)));
  }

  @Test
  void writer_onRemove_seesEntrysTenant() {
    Cache<String, String> cache = writeThroughCache();
    Tenants.run(A, () -> cache.put("k", "a1"));

    Tenants.run(A, () -> cache.remove("k"));

    assertThat(calls("delete")).extracting(Call::argument, Call::tenant)
        .containsExactly(tuple("k", Optional.of(A)));
  }

  @Test
  void writer_onPutAll_writeAllSeesEntrysTenant() {
    Cache<String, String> cache = writeThroughCache();

    Tenants.run(B, () -> cache.putAll(Map.of("k1", "b1", "k2", "b2")));

    assertThat(calls("writeAll")).singleElement().satisfies(call -> {
      assertThat(call.tenant()).contains(B);
      assertThat(call.argument()).isEqualTo(Map.of("k1", "b1", "k2", "b2"));
    });
    assertThat(as(B, () -> cache.get("k1"))).isEqualTo("b1");
    assertThat(as(A, () -> cache.get("k1"))).isNull();
  }

  @Test
  void writer_onRemoveAllKeys_deleteAllSeesEntrysTenant() {
    Cache<String, String> cache = writeThroughCache();
    Tenants.run(B, () -> cache.putAll(Map.of("k1", "b1", "k2", "b2")));

    Tenants.run(B, () -> cache.removeAll(Set.of("k1", "k2")));

    assertThat(calls("deleteAll")).singleElement().satisfies(call -> {
      assertThat(call.tenant()).contains(B);
      assertThat(call.argument()).isEqualTo(Set.of("k1", "k2"));
    });
  }

  @Test
  void writer_onRemoveAll_deleteAllSeesEntrysTenant() {
    Cache<String, String> cache = writeThroughCache();
    Tenants.run(A, () -> cache.put("k1", "a1"));
    Tenants.run(B, () -> cache.put("k2", "b2"));

    Tenants.run(A, cache::removeAll);

    assertThat(calls("deleteAll")).singleElement().satisfies(call -> {
      assertThat(call.tenant()).contains(A);
      assertThat(call.argument()).isEqualTo(Set.of("k1"));
    });
    assertThat(as(B, () -> cache.get("k2"))).isEqualTo("b2");
  }

  @Test
  void syncListener_runsOnCallingThreadWithEntrysTenant_andEventNamesIt() {
    Cache<String, String> cache = fixture.strings();
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));

    Tenants.run(A, () -> cache.put("k", "a1"));
    Tenants.run(A, () -> cache.put("k", "a2"));
    Tenants.run(A, () -> cache.remove("k"));
    cache.put("k", "d1");

    assertThat(listener.events()).extracting(Seen::type, Seen::eventTenant, Seen::boundTenant)
        .containsExactly(
            tuple(EventType.CREATED, A, Optional.of(A)),
            tuple(EventType.UPDATED, A, Optional.of(A)),
            tuple(EventType.REMOVED, A, Optional.of(A)),
            tuple(EventType.CREATED, Tenants.DEFAULT_TENANT,
                Optional.of(Tenants.DEFAULT_TENANT)));
    assertThat(listener.events()).extracting(Seen::thread).containsOnly(Thread.currentThread());
    assertThat(Tenants.current()).isEmpty();
  }

  @Test
  void asyncListener_runsOnAnotherThreadWithEntrysTenant_andEventNamesIt() throws Exception {
    Cache<String, String> cache = fixture.strings();
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(false));

    Tenants.run(A, () -> cache.put("k", "a1"));
    Tenants.run(B, () -> cache.put("k", "b1"));
    Tenants.run(A, () -> cache.remove("k"));

    List<Seen<String, String>> seen = List.of(listener.next(), listener.next(), listener.next());
    assertThat(seen).extracting(Seen::type, Seen::key, Seen::eventTenant, Seen::boundTenant)
        .containsExactly(
            tuple(EventType.CREATED, "k", A, Optional.of(A)),
            tuple(EventType.CREATED, "k", B, Optional.of(B)),
            tuple(EventType.REMOVED, "k", A, Optional.of(A)));
    assertThat(seen).extracting(Seen::thread).doesNotContain(Thread.currentThread());
  }

  @Test
  void forTenantView_usedFromThreadBoundToOtherTenant_actsOnViewsTenant() {
    Cache<String, String> cache = fixture.create(fixture.builder(String.class, String.class)
        .readThrough(() -> loader).writeThrough(() -> writer));
    RecordingListener<String, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));

    try (Tenants.Scope ignored = Tenants.bind("y")) {
      Cache<String, String> x = admin(cache).forTenant("x");
      x.put("k", "v");
      assertThat(x.get("k")).isEqualTo("v");
      assertThat(x.get("missing")).isEqualTo("x/missing");
      assertThat(x.containsKey("k")).isTrue();
      assertThat(cache.containsKey("k")).as("the bound tenant's entry").isFalse();
      x.remove("k");
      assertThat(Tenants.current()).as("the caller's binding after using the view").contains("y");
    }

    assertThat(as("x", () -> cache.containsKey("missing"))).isTrue();
    assertThat(admin(cache).tenants()).containsExactly("x");
    assertThat(calls).isNotEmpty().extracting(Call::tenant).containsOnly(Optional.of("x"));
    assertThat(listener.events()).hasSize(3)
        .allSatisfy(seen -> {
          assertThat(seen.eventTenant()).isEqualTo("x");
          assertThat(seen.boundTenant()).contains("x");
        });
  }

  @Test
  void forTenantView_iteratorAndBulkOperations_actOnViewsTenant() {
    Cache<String, String> cache = fixture.strings();
    Tenants.run("y", () -> cache.putAll(Map.of("k1", "y1", "k2", "y2")));

    try (Tenants.Scope ignored = Tenants.bind("y")) {
      Cache<String, String> x = admin(cache).forTenant("x");
      x.putAll(Map.of("k1", "x1", "k2", "x2"));
      assertThat(x.getAll(Set.of("k1", "k2"))).containsOnly(Map.entry("k1", "x1"), Map.entry("k2", "x2"));
      Iterator<Cache.Entry<String, String>> iterator = x.iterator();
      while (iterator.hasNext()) {
        if (iterator.next().getKey().equals("k1")) {
          iterator.remove();
        }
      }
      x.removeAll(Set.of("k2"));
      assertThat(x.iterator().hasNext()).isFalse();
    }

    assertThat(CacheFixture.contents(cache)).isEqualTo(Map.of("y", Map.of("k1", "y1", "k2", "y2")));
  }

  @Test
  void forTenantView_loadAllAndInvoke_fromThreadBoundToOtherTenant_actOnViewsTenantsEntries()
      throws Exception {
    Cache<String, String> cache = readThroughCache();
    CompletionListenerFuture done = new CompletionListenerFuture();

    try (Tenants.Scope ignored = Tenants.bind("y")) {
      Cache<String, String> x = admin(cache).forTenant("x");
      x.loadAll(Set.of("k1"), false, done);
      done.get(5, SECONDS);
      String invoked = x.<String>invoke("k2", (entry, args) -> {
        String before = entry.exists() ? entry.getValue() : "absent";
        entry.setValue("set by processor");
        return before;
      });
      assertThat(invoked).isEqualTo("absent");
      assertThat(cache.containsKey("k2")).as("the bound tenant's entry").isFalse();
    }

    assertThat(calls("loadAll")).singleElement()
        .satisfies(call -> assertThat(call.tenant()).contains("x"));
    assertThat(CacheFixture.contents(cache))
        .isEqualTo(Map.of("x", Map.of("k1", "x/k1", "k2", "set by processor")));
  }

  /** Answers {@code <tenant>/<key>} and records the tenant bound while it loads. */
  private final class RecordingLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      calls.add(new Call("load", key, Tenants.current(), Thread.currentThread()));
      return Tenants.current().orElse("none") + "/" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Set<String> requested = new HashSet<>();
      keys.forEach(requested::add);
      calls.add(new Call("loadAll", requested, Tenants.current(), Thread.currentThread()));
      Map<String, String> loaded = new HashMap<>();
      for (String key : requested) {
        loaded.put(key, Tenants.current().orElse("none") + "/" + key);
      }
      return loaded;
    }
  }

}
