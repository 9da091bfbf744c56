package io.tenantcache.internal.cache;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.CacheFixture.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.CacheProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.cache.Cache;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random operation sequences across tenants behave exactly like a model {@code Map<tenant,
 * Map<key, value>>}: every result matches the model's, and after every step each tenant's entries
 * (and the set of tenants holding any) equal the model's.
 */
final class TenantModelPropertyTest extends CacheProperties {
  private static final List<String> TENANTS = List.of("a", "b", "c");

  enum Op { PUT, GET, REMOVE, PUT_IF_ABSENT, REPLACE, GET_AND_PUT, CONTAINS_KEY, CLEAR }

  /** One operation by one tenant on one small integer key. */
  record Step(String tenant, Op op, int key, int value) {
    @Override
    public String toString() {
      return switch (op) {
        case GET, REMOVE, CONTAINS_KEY -> tenant + ":" + op + "(" + key + ")";
        case CLEAR -> tenant + ":" + op;
        default -> tenant + ":" + op + "(" + key + "," + value + ")";
      };
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.of(TENANTS),
        Arbitraries.of(Op.class),
        Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, 9)).as(Step::new);
    return step.list().ofMaxSize(60);
  }

  @Property(tries = 1000)
  void randomOperationsAcrossTenants_behaveLikeAMapPerTenant(@ForAll("steps") List<Step> steps) {
    Cache<Integer, Integer> cache = fixture.create(fixture.builder(Integer.class, Integer.class));
    Map<String, Map<Integer, Integer>> model = new HashMap<>();
    TENANTS.forEach(tenant -> model.put(tenant, new HashMap<>()));

    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Map<Integer, Integer> expected = model.get(step.tenant());
      Object actualResult = as(step.tenant(), () -> apply(cache, step));
      Object expectedResult = apply(expected, step);

      assertThat(actualResult).as("result of step %d %s in %s", i, step, steps)
          .isEqualTo(expectedResult);
      assertThat(contents(cache)).as("cache after step %d %s in %s", i, step, steps)
          .isEqualTo(sorted(model));
      assertThat(admin(cache).tenants()).as("tenants after step %d %s", i, step)
          .isEqualTo(model.entrySet().stream().filter(e -> !e.getValue().isEmpty())
              .map(Map.Entry::getKey).collect(Collectors.toSet()));
    }
    fixture.manager.destroyCache(cache.getName());
  }

  private static Object apply(Cache<Integer, Integer> cache, Step step) {
    int key = step.key();
    int value = step.value();
    switch (step.op()) {
      case PUT:
        cache.put(key, value);
        return "done";
      case GET:
        return String.valueOf(cache.get(key));
      case REMOVE:
        return cache.remove(key);
      case PUT_IF_ABSENT:
        return cache.putIfAbsent(key, value);
      case REPLACE:
        return cache.replace(key, value);
      case GET_AND_PUT:
        return String.valueOf(cache.getAndPut(key, value));
      case CONTAINS_KEY:
        return cache.containsKey(key);
      case CLEAR:
        cache.clear();
        return "done";
      default:
        throw new AssertionError(step.op());
    }
  }

  private static Object apply(Map<Integer, Integer> model, Step step) {
    int key = step.key();
    int value = step.value();
    switch (step.op()) {
      case PUT:
        model.put(key, value);
        return "done";
      case GET:
        return String.valueOf(model.get(key));
      case REMOVE:
        return model.remove(key) != null;
      case PUT_IF_ABSENT:
        return model.putIfAbsent(key, value) == null;
      case REPLACE:
        return model.replace(key, value) != null;
      case GET_AND_PUT:
        return String.valueOf(model.put(key, value));
      case CONTAINS_KEY:
        return model.containsKey(key);
      case CLEAR:
        model.clear();
        return "done";
      default:
        throw new AssertionError(step.op());
    }
  }

  /** Every tenant's entries as the cache's iterators show them, through forTenant views. */
  private static Map<String, Map<Integer, Integer>> contents(Cache<Integer, Integer> cache) {
    Map<String, Map<Integer, Integer>> contents = new TreeMap<>();
    for (String tenant : TENANTS) {
      contents.put(tenant, new TreeMap<>(CacheFixture.entries(admin(cache).forTenant(tenant))));
    }
    return contents;
  }

  private static Map<String, Map<Integer, Integer>> sorted(Map<String, Map<Integer, Integer>> model) {
    Map<String, Map<Integer, Integer>> sorted = new TreeMap<>();
    model.forEach((tenant, entries) -> sorted.put(tenant, new TreeMap<>(entries)));
    return sorted;
  }
}
