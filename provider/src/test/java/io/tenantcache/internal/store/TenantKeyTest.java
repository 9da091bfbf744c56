package io.tenantcache.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The store's key: equality per tenant, and hashes that keep alike tenants apart. */
final class TenantKeyTest {
  @Test
  void sameKeyOfTwoTenants_isTwoKeys() {
    assertThat(new TenantKey<>("acme", 1)).isEqualTo(new TenantKey<>("acme", 1))
        .isNotEqualTo(new TenantKey<>("globex", 1));
    assertThat(new TenantKey<>("a:b", "c")).isNotEqualTo(new TenantKey<>("a", "b:c"));
  }

  @Test
  void numberedTenantsWithSmallIntegerKeys_haveNoHashInCommon() {
    // "tenant-12" and "tenant-13" have String hashes one apart: a hash of 31 * tenant + key gave
    // key k of one and key k + 31 of the next the same hash, so a table had to compare them.
    Set<Integer> hashes = new HashSet<>();
    int tenants = 200;
    int keys = 1_000;
    for (int t = 0; t < tenants; t++) {
      for (int k = 0; k < keys; k++) {
        hashes.add(new TenantKey<>("tenant-" + t, k).hashCode());
      }
    }
    assertThat(hashes).hasSize(tenants * keys);
  }

  @Test
  void toString_namesTheTenant_neverTheKey() {
    assertThat(new TenantKey<>("acme", "secret-key")).hasToString("TenantKey[tenant=acme]");
  }
}
