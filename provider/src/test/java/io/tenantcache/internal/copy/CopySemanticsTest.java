package io.tenantcache.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tenantcache.testing.CacheFixture;
import io.tenantcache.testing.RecordingListener;
import io.tenantcache.testing.RecordingListener.Seen;
import io.tenantcache.testing.RecordingWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Store-by-value keeps copies (a caller mutating a value it put or got never changes the cached
 * one); store-by-reference keeps the caller's instance; a value that cannot be copied is refused
 * and leaves the cache as it was.
 */
final class CopySemanticsTest {
  @AutoClose private final CacheFixture fixture = new CacheFixture();

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Cache<String, ArrayList<String>> listCache(boolean storeByValue) {
    Class<ArrayList<String>> type = (Class) ArrayList.class;
    return fixture.create(fixture.builder(String.class, type).storeByValue(storeByValue));
  }

  private Cache<String, Object> objectCache() {
    return fixture.create(fixture.builder(String.class, Object.class));
  }

  @Test
  void storeByValue_mutatingReturnedList_doesNotChangeCachedOne() {
    Cache<String, ArrayList<String>> cache = listCache(true);
    cache.put("k", new ArrayList<>(List.of("a")));

    ArrayList<String> first = cache.get("k");
    first.add("mutated");

    assertThat(cache.get("k")).containsExactly("a");
    assertThat(cache.get("k")).isNotSameAs(cache.get("k"));
  }

  @Test
  void storeByValue_mutatingPutList_doesNotChangeCachedOne() {
    Cache<String, ArrayList<String>> cache = listCache(true);
    ArrayList<String> original = new ArrayList<>(List.of("a"));
    cache.put("k", original);

    original.add("mutated");

    assertThat(cache.get("k")).containsExactly("a");
  }

  @Test
  void storeByValue_mutatingValueFromGetAndPutOrIterator_doesNotChangeCachedOne() {
    Cache<String, ArrayList<String>> cache = listCache(true);
    cache.put("k", new ArrayList<>(List.of("a")));

    cache.iterator().next().getValue().add("from iterator");
    cache.getAll(Set.of("k")).get("k").add("from getAll");
    ArrayList<String> previous = cache.getAndPut("k", new ArrayList<>(List.of("b")));
    previous.add("from getAndPut");

    assertThat(previous).startsWith("a");
    assertThat(cache.get("k")).containsExactly("b");
  }

  @Test
  void storeByValue_mutatingSerializableHolderOfStringBuilder_doesNotChangeCachedOne() {
    Cache<String, Object> cache = objectCache();
    Holder original = new Holder("a");
    cache.put("k", original);

    original.text.append("-mutated-after-put");
    Holder read = (Holder) cache.get("k");
    read.text.append("-mutated-after-get");

    assertThat(((Holder) cache.get("k")).text).hasToString("a");
  }

  @Test
  void storeByReference_returnsTheSameInstance() {
    Cache<String, ArrayList<String>> cache = listCache(false);
    ArrayList<String> original = new ArrayList<>(List.of("a"));
    cache.put("k", original);

    assertThat(cache.get("k")).isSameAs(original);
    original.add("shared");
    assertThat(cache.get("k")).containsExactly("a", "shared");
  }

  @Test
  void storeByReference_acceptsNonSerializableValue() {
    Cache<String, Object> cache =
        fixture.create(fixture.builder(String.class, Object.class).storeByValue(false));
    NotSerializableValue value = new NotSerializableValue();

    cache.put("k", value);

    assertThat(cache.get("k")).isSameAs(value);
  }

  @Test
  void storeByValue_nonSerializableValue_throwsIllegalArgumentExceptionNamingClass_cacheUnchanged() {
    Cache<String, Object> cache = objectCache();
    cache.put("existing", "v1");

    assertThatThrownBy(() -> cache.put("k", new NotSerializableValue()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(NotSerializableValue.class.getName());
    assertThatThrownBy(() -> cache.put("existing", new NotSerializableValue()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(NotSerializableValue.class.getName());
    assertThatThrownBy(() -> cache.putIfAbsent("k", new NotSerializableValue()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.replace("existing", new NotSerializableValue()))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(cache.containsKey("k")).isFalse();
    assertThat(cache.get("existing")).isEqualTo("v1");
    assertThat(CacheFixture.entries(cache)).containsOnlyKeys("existing");
  }

  @Test
  void storeByValue_serializableValueWithNonSerializablePart_throwsIllegalArgumentException() {
    Cache<String, Object> cache = objectCache();

    assertThatThrownBy(() -> cache.put("k", new HolderOfNotSerializable()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(HolderOfNotSerializable.class.getName());

    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void storeByValue_nonSerializableValue_firesNoEvent() {
    Cache<String, Object> cache = objectCache();
    RecordingListener<String, Object> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true));
    cache.put("existing", "v1");

    assertThatThrownBy(() -> cache.put("k", new NotSerializableValue()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.put("existing", new NotSerializableValue()))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(listener.events()).extracting(Seen::type, Seen::key)
        .containsExactly(tuple(EventType.CREATED, "existing"));
  }

  @Test
  void storeByValue_nonSerializableValue_isNotWrittenThrough() {
    RecordingWriter<String, Object> writer = new RecordingWriter<>();
    Cache<String, Object> cache = fixture.create(
        fixture.builder(String.class, Object.class).writeThrough(() -> writer));

    assertThatThrownBy(() -> cache.put("k", new NotSerializableValue()))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(writer.calls()).isEmpty();
    assertThat(cache.containsKey("k")).isFalse();
  }

  /** A value that cannot be serialized. */
  static final class NotSerializableValue {}

  /** A Serializable value holding a part that is not. */
  static final class HolderOfNotSerializable implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object part = new NotSerializableValue();
  }

  /** A Serializable value whose state is a mutable StringBuilder. */
  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    final StringBuilder text;

    Holder(String text) {
      this.text = new StringBuilder(text);
    }
  }
}
