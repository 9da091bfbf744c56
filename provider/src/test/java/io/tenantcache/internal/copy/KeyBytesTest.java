package io.tenantcache.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The serialized keys a clustered cache publishes, and their reading back through the filter. */
final class KeyBytesTest {
  private final SerializingCopier copier = new SerializingCopier(getClass().getClassLoader());

  @Test
  void aStringKey_hasExactlyTheBytesObjectOutputStreamWrites() throws IOException {
    for (String key : List.of("", "coffee", "ümlaut ß 漢字 \uD83D\uDE00", "nul\0inside",
        "é".repeat(0xFFFF / 3), "x".repeat(0xFFFF / 3 + 1), "é".repeat(40_000))) {
      byte[] bytes = copier.toBytes(key);

      assertThat(bytes).as("%d chars", key.length()).isEqualTo(objectOutputStream(key));
      assertThat(copier.fromBytes(bytes)).isEqualTo(key);
    }
  }

  @Test
  void integerAndLongKeys_haveExactlyTheBytesObjectOutputStreamWrites() throws IOException {
    List<Object> keys = new java.util.ArrayList<>(List.of(0, 1, -1, 255, 256, Integer.MIN_VALUE,
        Integer.MAX_VALUE, 0L, -1L, 1L << 40, Long.MIN_VALUE, Long.MAX_VALUE));
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 1_000; i++) {
      keys.add(random.nextInt());
      keys.add(random.nextLong());
    }
    for (Object key : keys) {
      byte[] bytes = copier.toBytes(key);

      assertThat(bytes).as("%s %s", key.getClass().getSimpleName(), key)
          .isEqualTo(objectOutputStream(key));
      assertThat(copier.fromBytes(bytes)).isEqualTo(key);
    }
  }

  @Test
  void otherKeys_roundTripThroughSerialization() {
    for (Object key : List.<Object>of(42, 7L, UUID.randomUUID(), List.of("a", "b"))) {
      assertThat(copier.fromBytes(copier.toBytes(key))).isEqualTo(key);
    }
  }

  @Test
  void aKeyTheFilterRejects_failsToReadBack_namingTheClass() {
    SerializingCopier strict = new SerializingCopier(getClass().getClassLoader(),
        "java.lang.String;!*");

    assertThatThrownBy(() -> strict.fromBytes(copier.toBytes(UUID.randomUUID())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.util.UUID");
  }

  @Test
  void aNumberTheFilterRejects_isRefusedAsAStreamRefusesIt_evenInItsShortForm() {
    for (String pattern : List.of("!java.lang.Integer;!java.lang.Long;*", "!java.lang.Number;*",
        "maxbytes=20;*", "maxdepth=1;*", "maxrefs=1;*")) {
      SerializingCopier strict = new SerializingCopier(getClass().getClassLoader(), pattern);
      for (Object number : List.<Object>of(42, 7L)) {
        assertThatThrownBy(() -> strict.fromBytes(copier.toBytes(number)))
            .as("%s under %s", number, pattern)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("serial filter rejects");
      }
    }
  }

  @Test
  void aFormThatOnlyLooksLikeANumberOrAString_isReadAsAStreamReadsIt() throws Exception {
    byte[] integer = copier.toBytes(42);
    byte[] string = copier.toBytes("coffee");
    byte[] badUtf = string.clone();
    badUtf[badUtf.length - 1] = (byte) 0xC0;
    List<byte[]> forms = List.of(java.util.Arrays.copyOf(integer, integer.length + 1),
        java.util.Arrays.copyOf(integer, integer.length - 1),
        java.util.Arrays.copyOf(string, string.length + 1),
        java.util.Arrays.copyOf(string, string.length - 1), badUtf);

    for (byte[] bytes : forms) {
      Object streamRead;
      try (java.io.ObjectInputStream in =
          new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes))) {
        streamRead = in.readObject();
      } catch (IOException e) {
        assertThatThrownBy(() -> copier.fromBytes(bytes))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unreadable serialized form");
        continue;
      }
      assertThat(copier.fromBytes(bytes)).isEqualTo(streamRead);
    }
  }

  @Test
  void aKeyThatIsNotSerializable_failsToWrite() {
    assertThatThrownBy(() -> copier.toBytes(new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
  }

  private static byte[] objectOutputStream(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }
}
