package io.tenantcache.internal.management;

import io.tenantcache.cluster.ClusterMXBean;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.SharedTier;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.cache.CacheException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/** {@link ClusterMXBean} over a transport's {@code status()}, read at each request. */
public final class ClusterMXBeanImpl implements ClusterMXBean {
  private final String namespace;
  private final ClusterTransport transport;
  private final Supplier<@Nullable SharedTier> sharedTier;

  /**
   * The MXBean of a manager in {@code namespace}, over {@code transport}; {@code sharedTier}
   * gives its shared tier once a cache in mode shared has opened it (null before).
   */
  public ClusterMXBeanImpl(String namespace, ClusterTransport transport,
      Supplier<@Nullable SharedTier> sharedTier) {
    this.namespace = namespace;
    this.transport = transport;
    this.sharedTier = sharedTier;
  }

  @Override
  public Map<String, Long> getSharedTier() {
    SharedTier tier = sharedTier.get();
    return (tier == null) ? Map.of() : tier.status().counts();
  }

  @Override
  public String getSharedTierBreaker() {
    SharedTier tier = sharedTier.get();
    return (tier == null) ? "none" : tier.status().breakerState();
  }

  /** Returns {@code io.tenantcache:type=Cluster,CacheManager=<uri>}, sanitized. */
  public static ObjectName name(String cacheManagerUri) {
    try {
      return new ObjectName(MBeanRegistrar.DOMAIN + ":type=Cluster,CacheManager="
          + MBeanRegistrar.sanitize(cacheManagerUri));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("manager URI '" + cacheManagerUri + "' cannot form a JMX "
          + "ObjectName: " + e.getMessage(), e);
    }
  }

  @Override
  public String getNamespace() {
    return namespace;
  }

  @Override
  public boolean isConnected() {
    return transport.isConnected();
  }

  @Override
  public boolean isCurrent() {
    return transport.isCurrent();
  }

  @Override
  public long getSent() {
    return transport.status().sent();
  }

  @Override
  public long getReceived() {
    return transport.status().received();
  }

  @Override
  public long getRepairs() {
    return transport.status().repairs();
  }

  @Override
  public Map<String, Long> getRepairsByReason() {
    Map<String, Long> byTag = new TreeMap<>();
    transport.status().repairsByReason().forEach((reason, count) -> byTag.put(reason.tag(), count));
    return byTag;
  }

  @Override
  public int getOutbox() {
    return transport.status().outbox();
  }

  @Override
  public long getLastLagMillis() {
    return transport.status().lastLagMillis();
  }
}
