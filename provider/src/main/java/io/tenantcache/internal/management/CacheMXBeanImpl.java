package io.tenantcache.internal.management;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/** JCache's configuration MXBean ({@code type=CacheConfiguration}), reading the cache's live configuration. */
public final class CacheMXBeanImpl implements CacheMXBean {
  private final Supplier<? extends CompleteConfiguration<?, ?>> configuration;

  public CacheMXBeanImpl(Supplier<? extends CompleteConfiguration<?, ?>> configuration) {
    this.configuration = requireNonNull(configuration);
  }

  @Override
  public String getKeyType() {
    return configuration.get().getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return configuration.get().getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return configuration.get().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return configuration.get().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return configuration.get().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return configuration.get().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return configuration.get().isManagementEnabled();
  }
}
