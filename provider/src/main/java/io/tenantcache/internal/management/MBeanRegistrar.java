package io.tenantcache.internal.management;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantStatistics;
import io.tenantcache.TenantStatisticsMXBean;
import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans on the platform MBeanServer under the standard JCache names, {@code
 * javax.cache:type=<type>,CacheManager=<uri>,Cache=<name>}, and TenantCache's own under {@code
 * io.tenantcache:type=TenantStatistics,CacheManager=<uri>,Cache=<name>}, with the characters an
 * ObjectName value cannot hold ({@code , : = \n}) replaced by dots, as the reference
 * implementation does.
 */
public final class MBeanRegistrar {
  /** The JCache MXBean kinds. */
  public enum Type {
    CONFIGURATION("CacheConfiguration"),
    STATISTICS("CacheStatistics");

    private final String objectNameType;

    Type(String objectNameType) {
      this.objectNameType = objectNameType;
    }
  }

  /** The JMX domain of TenantCache's own MXBeans. */
  public static final String DOMAIN = "io.tenantcache";

  /** The {@code type} of the per-tenant statistics MXBean. */
  public static final String TENANT_STATISTICS_TYPE = "TenantStatistics";

  private MBeanRegistrar() {}

  /** Returns the ObjectName of a cache's {@code TenantStatisticsMXBean}. */
  public static ObjectName tenantStatisticsName(String cacheManagerUri, String cacheName) {
    return objectName(DOMAIN, TENANT_STATISTICS_TYPE, cacheManagerUri, cacheName);
  }

  /** Returns the standard ObjectName of one of a cache's MXBeans. */
  public static ObjectName objectName(Type type, String cacheManagerUri, String cacheName) {
    return objectName("javax.cache", type.objectNameType, cacheManagerUri, cacheName);
  }

  /** Returns {@code <domain>:type=<type>,CacheManager=<uri>,Cache=<name>}, sanitized. */
  public static ObjectName objectName(String domain, String type, String cacheManagerUri,
      String cacheName) {
    try {
      return new ObjectName(domain + ":type=" + type + ",CacheManager=" + sanitize(cacheManagerUri)
          + ",Cache=" + sanitize(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cache name '" + cacheName + "' or manager URI '" + cacheManagerUri
          + "' cannot form a JMX ObjectName: " + e.getMessage(), e);
    }
  }

  /** Returns {@code value} with the characters an ObjectName value may not hold replaced. */
  static String sanitize(String value) {
    return value.replaceAll("[,:=\n]", ".");
  }

  /** Registers {@code mbean} under {@code name}, replacing one left there. */
  public static void register(ObjectName name, Object mbean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(mbean, name);
    } catch (InstanceAlreadyExistsException | InstanceNotFoundException
        | MBeanRegistrationException | NotCompliantMBeanException e) {
      throw new CacheException("could not register MBean " + name + ": " + e.getMessage(), e);
    }
  }

  /** Unregisters {@code name} if it is registered. */
  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // unregistered concurrently: the outcome we wanted
    } catch (MBeanRegistrationException e) {
      throw new CacheException("could not unregister MBean " + name + ": " + e.getMessage(), e);
    }
  }
}
