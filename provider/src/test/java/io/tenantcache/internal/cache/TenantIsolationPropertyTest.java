package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.Tenants;
import io.tenantcache.internal.cache.TenantIsolationStressTest.CollidingKey;
import io.tenantcache.internal.cache.TenantIsolationStressTest.SloppyKey;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.CacheProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random operation sequences with adversarial keys and tenants behave like a model {@code
 * Map<tenant, Map<K, V>>}: tenant ids that share one {@code String.hashCode()}, keys whose hash
 * codes all collide, keys whose equals matches anything, and calls through {@code forTenant}
 * views made while a different tenant is bound.
 */
final class TenantIsolationPropertyTest extends CacheProperties {
  /** Four tenant ids with one and the same hash code. */
  private static final List<String> TENANTS = List.of("AaAa", "AaBB", "BBAa", "BBBB");

  enum Op {
    PUT, GET, CONTAINS_KEY, REMOVE, REMOVE_IF, PUT_IF_ABSENT, REPLACE, REPLACE_IF, GET_AND_PUT,
    GET_AND_REMOVE, GET_AND_REPLACE, INVOKE_SET, INVOKE_REMOVE, CLEAR, CLEAR_TENANT, PUT_ALL,
    GET_ALL, REMOVE_ALL_KEYS, REMOVE_ALL, ITERATOR_REMOVE
  }

  /**
   * One operation on {@code tenant}'s entries: through the main view with {@code tenant} bound, or
   * (pinned) through {@code forTenant(tenant)} with {@code bound} bound.
   */
  record Step(String tenant, boolean pinned, String bound, Op op, int key, int value) {
    @Override
    public String toString() {
      return tenant + (pinned ? "(pinned, " + bound + " bound)" : "") + ":" + op + "(" + key + ","
          + value + ")";
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.of(TENANTS),
        Arbitraries.of(true, false),
        Arbitraries.of(TENANTS),
        Arbitraries.of(Op.class),
        Arbitraries.integers().between(0, 5),
        Arbitraries.integers().between(0, 9)).as(Step::new);
    return step.list().ofMaxSize(50);
  }

  /** Keys 0-2 are strings, 3-5 collide by hash code with each other (and across tenants). */
  private static Object key(int key) {
    return (key < 3) ? "k" + key : new CollidingKey(key);
  }

  @Property(tries = 1000)
  void adversarialKeysAndTenants_behaveLikeAMapPerTenant(@ForAll("steps") List<Step> steps) {
    Cache<Object, Integer> cache = fixture.create(fixture.builder(Object.class, Integer.class));
    Map<String, Map<Object, Integer>> model = new HashMap<>();
    TENANTS.forEach(tenant -> model.put(tenant, new HashMap<>()));

    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Object key = key(step.key());
      Object actual = run(cache, step, key);
      Object expected = apply(model.get(step.tenant()), step.op(), key, step.value());
      assertThat(actual).as("result of step %d %s in %s", i, step, steps).isEqualTo(expected);
    }

    for (String tenant : TENANTS) {
      Map<Object, Integer> entries = CacheFixture.entries(admin(cache).forTenant(tenant));
      assertThat(entries).as("%s's entries after %s", tenant, steps).isEqualTo(model.get(tenant));
      assertThat(admin(cache).statistics(tenant).size()).isEqualTo(entries.size());
    }
    assertThat(admin(cache).tenants()).isEqualTo(nonEmpty(model));
    fixture.manager.destroyCache(cache.getName());
  }

  /**
   * With keys that all equal each other, each tenant has one slot: whatever the key, a tenant
   * sees its own last value and never another tenant's.
   */
  @Property(tries = 500)
  void sloppyKeys_areOneSlotPerTenant(@ForAll("steps") List<Step> steps) {
    Cache<Object, Integer> cache = fixture.create(fixture.builder(Object.class, Integer.class));
    Map<String, Map<Object, Integer>> model = new HashMap<>();
    TENANTS.forEach(tenant -> model.put(tenant, new HashMap<>()));
    SloppyKey slot = new SloppyKey(-1);

    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Object actual = run(cache, step, new SloppyKey(step.key()));
      Object expected = apply(model.get(step.tenant()), step.op(), slot, step.value());
      assertThat(actual).as("result of step %d %s in %s", i, step, steps).isEqualTo(expected);
    }

    for (String tenant : TENANTS) {
      List<Integer> values = new ArrayList<>();
      admin(cache).forTenant(tenant).forEach(entry -> values.add(entry.getValue()));
      assertThat(values).as("%s's values after %s", tenant, steps)
          .containsExactlyElementsOf(model.get(tenant).values());
    }
    assertThat(admin(cache).tenants()).isEqualTo(nonEmpty(model));
    fixture.manager.destroyCache(cache.getName());
  }

  private static Set<String> nonEmpty(Map<String, Map<Object, Integer>> model) {
    return model.entrySet().stream().filter(e -> !e.getValue().isEmpty())
        .map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  private static Object run(Cache<Object, Integer> cache, Step step, Object key) {
    if (step.op() == Op.CLEAR_TENANT) {
      Tenants.run(step.bound(), () -> admin(cache).clearTenant(step.tenant()));
      return "done";
    }
    Cache<Object, Integer> view = step.pinned() ? admin(cache).forTenant(step.tenant()) : cache;
    String bound = step.pinned() ? step.bound() : step.tenant();
    try (Tenants.Scope ignored = Tenants.bind(bound)) {
      return apply(view, step.op(), key, step.value());
    }
  }

  private static final EntryProcessor<Object, Integer, Integer> SET_TO_ARGUMENT =
      (entry, arguments) -> {
        Integer old = entry.getValue();
        entry.setValue((Integer) arguments[0]);
        return old;
      };

  private static final EntryProcessor<Object, Integer, Integer> REMOVE =
      (entry, arguments) -> {
        Integer old = entry.getValue();
        entry.remove();
        return old;
      };

  private static Object apply(Cache<Object, Integer> cache, Op op, Object key, int value) {
    return switch (op) {
      case PUT -> {
        cache.put(key, value);
        yield "done";
      }
      case GET -> String.valueOf(cache.get(key));
      case CONTAINS_KEY -> cache.containsKey(key);
      case REMOVE -> cache.remove(key);
      case REMOVE_IF -> cache.remove(key, value);
      case PUT_IF_ABSENT -> cache.putIfAbsent(key, value);
      case REPLACE -> cache.replace(key, value);
      case REPLACE_IF -> cache.replace(key, value, value + 1);
      case GET_AND_PUT -> String.valueOf(cache.getAndPut(key, value));
      case GET_AND_REMOVE -> String.valueOf(cache.getAndRemove(key));
      case GET_AND_REPLACE -> String.valueOf(cache.getAndReplace(key, value));
      case INVOKE_SET -> String.valueOf(cache.invoke(key, SET_TO_ARGUMENT, value));
      case INVOKE_REMOVE -> String.valueOf(cache.invoke(key, REMOVE));
      case CLEAR -> {
        cache.clear();
        yield "done";
      }
      case CLEAR_TENANT -> throw new AssertionError("run handles it");
      case PUT_ALL -> {
        cache.putAll(pair(key, value, value + 1));
        yield "done";
      }
      case GET_ALL -> sortedValues(cache.getAll(pair(key, value, value).keySet()));
      case REMOVE_ALL_KEYS -> {
        cache.removeAll(Set.of(key));
        yield "done";
      }
      case REMOVE_ALL -> {
        cache.removeAll();
        yield "done";
      }
      case ITERATOR_REMOVE -> {
        for (var entries = cache.iterator(); entries.hasNext(); ) {
          if (entries.next().getValue() % 2 == value % 2) {
            entries.remove();
          }
        }
        yield "done";
      }
    };
  }

  /** {@code key} and the key after it (its "other" in the same key family), to two values. */
  private static Map<Object, Integer> pair(Object key, int value, int otherValue) {
    Map<Object, Integer> pair = new HashMap<>();
    pair.put(key, value);
    pair.put(other(key), otherValue);
    return pair;
  }

  private static Object other(Object key) {
    if (key instanceof CollidingKey colliding) {
      return new CollidingKey(3 + (colliding.id() - 2) % 3);
    }
    if (key instanceof SloppyKey sloppy) {
      return new SloppyKey(sloppy.id() + 1);
    }
    return key.equals("k2") ? "k0" : "k" + (Integer.parseInt(((String) key).substring(1)) + 1);
  }

  private static String sortedValues(Map<?, Integer> map) {
    return map.values().stream().sorted().toList().toString();
  }

  private static Object apply(Map<Object, Integer> model, Op op, Object key, int value) {
    return switch (op) {
      case PUT -> {
        model.put(key, value);
        yield "done";
      }
      case GET -> String.valueOf(model.get(key));
      case CONTAINS_KEY -> model.containsKey(key);
      case REMOVE -> model.remove(key) != null;
      case REMOVE_IF -> model.remove(key, value);
      case PUT_IF_ABSENT -> model.putIfAbsent(key, value) == null;
      case REPLACE -> model.replace(key, value) != null;
      case REPLACE_IF -> model.replace(key, value, value + 1);
      case GET_AND_PUT -> String.valueOf(model.put(key, value));
      case GET_AND_REMOVE -> String.valueOf(model.remove(key));
      case GET_AND_REPLACE -> String.valueOf(model.replace(key, value));
      case INVOKE_SET -> String.valueOf(model.put(key, value));
      case INVOKE_REMOVE -> String.valueOf(model.remove(key));
      case CLEAR, CLEAR_TENANT, REMOVE_ALL -> {
        model.clear();
        yield "done";
      }
      case PUT_ALL -> {
        model.putAll(pair(key, value, value + 1));
        yield "done";
      }
      case GET_ALL -> {
        Map<Object, Integer> found = new HashMap<>();
        pair(key, value, value).keySet().forEach(k -> {
          if (model.containsKey(k)) {
            found.put(k, model.get(k));
          }
        });
        yield sortedValues(found);
      }
      case REMOVE_ALL_KEYS -> {
        model.remove(key);
        yield "done";
      }
      case ITERATOR_REMOVE -> {
        model.values().removeIf(v -> v % 2 == value % 2);
        yield "done";
      }
    };
  }
}
