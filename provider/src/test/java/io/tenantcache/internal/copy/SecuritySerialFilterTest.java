package io.tenantcache.internal.copy;

import static io.tenantcache.testing.CacheFixture.assertUnchanged;
import static io.tenantcache.testing.CacheFixture.contents;
import static io.tenantcache.testing.LoadTestSupport.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantcache.TenantCacheConfiguration;
import io.tenantcache.Tenants;
import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.RecordingListener;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Store-by-value copies are deserialized through an {@link java.io.ObjectInputFilter}: the default
 * one rejects the classes gadget chains are built from and bounds depth, arrays and references; a
 * cache can set its own allow-list. A rejected value fails the call with {@link
 * IllegalArgumentException} naming the class and the setting, its {@code readObject} never runs,
 * and the cache is unchanged.
 */
final class SecuritySerialFilterTest {
  private static final AtomicBoolean TRAP_SPRUNG = new AtomicBoolean();

  @AutoClose private final CacheFixture fixture = new CacheFixture();
  private final RecordingListener<Object, Object> listener = new RecordingListener<>();

  @BeforeEach
  void setUp() {
    TRAP_SPRUNG.set(false);
  }

  private Cache<Object, Object> cache(TenantCacheConfiguration.Builder<Object, Object> builder) {
    Cache<Object, Object> cache = fixture.create(builder.addListener(listener.configuration(true)));
    Tenants.run("acme", () -> cache.put("k", "v"));
    Tenants.run("globex", () -> cache.put("k", "w"));
    return cache;
  }

  @Test
  void defaultFilter_rejectsAGadgetClass_namingItAndTheSetting_cacheUnchanged() throws Exception {
    Cache<Object, Object> cache = cache(fixture.builder(Object.class, Object.class));
    Map<String, Map<Object, Object>> before = contents(cache);
    int events = listener.events().size();
    // The entry point of several ysoserial chains, alone and deep inside an ordinary value.
    Map<String, Object> nested = new HashMap<>();
    nested.put("list", new ArrayList<>(List.of("a", new BadAttributeValueExpException("x"))));

    for (Object value : List.of(new BadAttributeValueExpException("x"), nested)) {
      Throwable failure = Tenants.call("acme", () -> thrown(() -> cache.put("k", value)));

      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("class javax.management.BadAttributeValueExpException")
          .hasMessageContaining("TenantCacheConfiguration.DEFAULT_SERIAL_FILTER")
          .hasMessageContaining("TenantCacheConfiguration.Builder.serialFilter");
      assertUnchanged(cache, before);
      assertThat(listener.events()).hasSize(events);
    }
    assertThat(thrown(() -> cache.put(new BadAttributeValueExpException("as a key"), "v")))
        .hasMessageContaining("rejects");
    assertUnchanged(cache, before);
  }

  @Test
  void allowList_acceptsItsClasses_rejectsEveryOther_beforeReadObjectRuns() throws Exception {
    Cache<Object, Object> cache = cache(fixture.builder(Object.class, Object.class)
        .serialFilter("java.base/*;" + Money.class.getName() + ";!*"));
    Map<String, Map<Object, Object>> before = contents(cache);

    Tenants.run("acme", () -> cache.put("wallet", new ArrayList<>(List.of(new Money(5)))));
    Map<String, Map<Object, Object>> after = contents(cache);
    for (Object rejected : List.of(new Trap(), new java.sql.Date(0),
        new ArrayList<>(List.of(new Money(1), new Trap())))) {
      Throwable failure = Tenants.call("acme", () -> thrown(() -> cache.put("k", rejected)));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("which the serial filter of this store-by-value cache rejects")
          .hasMessageContaining("serialFilter \"java.base/*;");
      assertUnchanged(cache, after);
    }

    assertThat(TRAP_SPRUNG).as("a rejected class's readObject never ran").isFalse();
    assertThat(Tenants.call("acme", () -> cache.get("wallet")))
        .isEqualTo(new ArrayList<>(List.of(new Money(5))));
    assertThat(before.get("acme")).doesNotContainKey("wallet");
  }

  @Test
  void limits_rejectTooDeepGraphsAndTooLongArrays() throws Exception {
    Cache<Object, Object> deep = cache(fixture.builder(Object.class, Object.class));
    Map<String, Map<Object, Object>> before = contents(deep);
    Node chain = null;
    for (int i = 0; i < 150; i++) {
      chain = new Node(chain);
    }
    Node tooDeep = chain;

    assertThat(Tenants.call("acme", () -> thrown(() -> deep.put("k", tooDeep))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("could not copy a " + Node.class.getName())
        .hasMessageContaining("an object graph (depth 101");
    assertUnchanged(deep, before);

    Cache<Object, Object> arrays = cache(fixture.builder(Object.class, Object.class)
        .serialFilter("maxarray=10"));
    assertThat(Tenants.call("acme", () -> thrown(() -> arrays.put("k", new int[100]))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("array length 100");
    Tenants.run("acme", () -> arrays.put("small", new int[10]));
  }

  @Test
  void malformedPattern_failsTheBuilder_namingTheSetting() {
    assertThat(thrown(() -> TenantCacheConfiguration.builder(Object.class, Object.class)
        .serialFilter("maxdepth=notanumber")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serialFilter 'maxdepth=notanumber' is not a valid jdk.serialFilter");
    assertThat(thrown(() -> TenantCacheConfiguration.builder(Object.class, Object.class)
        .serialFilter(""))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serialFilter is empty");
  }

  @Test
  void configuration_carriesTheFilter_storeByReferenceIgnoresIt() {
    TenantCacheConfiguration<Object, Object> custom = TenantCacheConfiguration
        .builder(Object.class, Object.class).serialFilter("com.example.**;!*").build();
    assertThat(custom.getSerialFilter()).isEqualTo("com.example.**;!*");
    assertThat(custom.toBuilder().build().getSerialFilter()).isEqualTo("com.example.**;!*");
    assertThat(TenantCacheConfiguration.builder(Object.class, Object.class).build()
        .getSerialFilter()).isEqualTo(TenantCacheConfiguration.DEFAULT_SERIAL_FILTER);

    Cache<Object, Object> byReference = fixture.create(fixture.builder(Object.class, Object.class)
        .storeByValue(false).serialFilter("!*"));
    BadAttributeValueExpException value = new BadAttributeValueExpException("x");
    byReference.put("k", value);
    assertThat(byReference.get("k")).isSameAs(value);
  }

  /** An allowed application value. */
  record Money(long cents) implements Serializable {}

  /** A class whose deserialization has a side effect, like a gadget's. */
  static final class Trap implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      TRAP_SPRUNG.set(true);
      in.defaultReadObject();
    }
  }

  /** A naive linked list: each node one level deeper in the serialized graph. */
  static final class Node implements Serializable {
    private static final long serialVersionUID = 1L;
    final Node next;

    Node(Node next) {
      this.next = next;
    }
  }
}
