package io.tenantcache.redis;

import io.tenantcache.cluster.Invalidation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a batch of invalidations is written as the fields of one stream entry, and read back: {@code
 * o} the publishing replica, {@code at} its wall clock in microseconds (for the lag), {@code n} how
 * many invalidations; for the i-th, {@code c<i>} the cache, {@code t<i>} the tenant (absent: every
 * tenant), {@code k<i>} the serialized key in Base64 (absent: every key of the tenant). One entry
 * per batch: a replica that writes fast costs Redis one XADD per batch, not one per write.
 */
final class StreamEntries {
  static final String ORIGIN = "o";
  static final String AT = "at";
  static final String COUNT = "n";
  static final String CACHE = "c";
  static final String TENANT = "t";
  static final String KEY = "k";

  private StreamEntries() {}

  static Map<String, String> fields(String origin, List<Invalidation> batch, long atMicros) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(ORIGIN, origin);
    fields.put(AT, Long.toString(atMicros));
    fields.put(COUNT, Integer.toString(batch.size()));
    for (int i = 0; i < batch.size(); i++) {
      Invalidation invalidation = batch.get(i);
      fields.put(CACHE + i, invalidation.cache());
      String tenant = invalidation.tenant();
      if (tenant != null) {
        fields.put(TENANT + i, tenant);
      }
      byte[] key = invalidation.key();
      if (key != null) {
        fields.put(KEY + i, Base64.getEncoder().encodeToString(key));
      }
    }
    return fields;
  }

  /**
   * Reads a batch back. A part that cannot be read is widened, never skipped: a key that is not
   * Base64 becomes its whole tenant; an entry whose count cannot be read yields nothing (it was
   * not written by this format).
   */
  static List<Invalidation> invalidations(Map<String, String> fields) {
    int count;
    try {
      count = Integer.parseInt(fields.getOrDefault(COUNT, "0"));
    } catch (NumberFormatException e) {
      return List.of();
    }
    List<Invalidation> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String cache = fields.get(CACHE + i);
      if (cache == null) {
        continue;
      }
      String tenant = fields.get(TENANT + i);
      String key = fields.get(KEY + i);
      if (tenant == null) {
        batch.add(Invalidation.ofCache(cache));
      } else if (key == null) {
        batch.add(Invalidation.ofTenant(cache, tenant));
      } else {
        try {
          batch.add(Invalidation.ofKey(cache, tenant, Base64.getDecoder().decode(key)));
        } catch (IllegalArgumentException e) {
          batch.add(Invalidation.ofTenant(cache, tenant));
        }
      }
    }
    return batch;
  }

  /** Returns this machine's wall clock in microseconds since the epoch. */
  static long wallClockMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /** Returns the publisher's wall clock in microseconds when it sent the batch, or -1. */
  static long at(Map<String, String> fields) {
    try {
      return Long.parseLong(fields.getOrDefault(AT, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Compares two stream entry ids ({@code <millis>-<sequence>}) in stream order. */
  static int compareIds(String a, String b) {
    int dashA = a.indexOf('-');
    int dashB = b.indexOf('-');
    int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, dashA)),
        Long.parseUnsignedLong(b.substring(0, dashB)));
    return (byTime != 0) ? byTime : Long.compareUnsigned(
        Long.parseUnsignedLong(a.substring(dashA + 1)),
        Long.parseUnsignedLong(b.substring(dashB + 1)));
  }
}
