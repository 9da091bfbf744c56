package io.tenantcache.internal.management;

import io.tenantcache.cluster.ClusterMXBean;
import io.tenantcache.cluster.ClusterTransport;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.CacheException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** {@link ClusterMXBean} over a transport's {@code status()}, read at each request. */
public final class ClusterMXBeanImpl implements ClusterMXBean {
  private final String namespace;
  private final ClusterTransport transport;

  public ClusterMXBeanImpl(String namespace, ClusterTransport transport) {
    this.namespace = namespace;
    this.transport = transport;
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
