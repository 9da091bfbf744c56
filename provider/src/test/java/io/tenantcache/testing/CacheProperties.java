package io.tenantcache.testing;

import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** The base of a jqwik property class: a fresh {@link CacheFixture} for each property. */
public abstract class CacheProperties {
  /** This property's fixture. */
  protected CacheFixture fixture;

  @BeforeProperty
  void openManager() {
    fixture = new CacheFixture();
  }

  @AfterProperty
  void closeManager() {
    fixture.close();
  }
}
