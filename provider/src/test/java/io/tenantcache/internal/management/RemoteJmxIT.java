package io.tenantcache.internal.management;

import static io.tenantcache.testing.CacheFixture.admin;
import static io.tenantcache.testing.ObservabilityFixture.SECRET_KEY;
import static io.tenantcache.testing.ObservabilityFixture.SECRET_VALUE;
import static io.tenantcache.testing.ObservabilityFixture.platform;
import static io.tenantcache.testing.ObservabilityFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCacheProperties;
import io.tenantcache.TenantStatistics;
import io.tenantcache.TenantStatisticsMXBean;
import io.tenantcache.Tenants;
import io.tenantcache.testing.ObservabilityFixture;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MBeans as JConsole sees them: the platform MBeanServer served over RMI on 127.0.0.1 (an
 * ephemeral port, no RMI registry), a client {@link JMXConnector} that reads every attribute and
 * invokes the operations remotely.
 */
final class RemoteJmxIT {
  private ObservabilityFixture fixture;
  private JMXConnectorServer server;
  private JMXConnector connector;
  private MBeanServerConnection remote;

  /** Listens on the loopback address only, on the port RMI picks (0: ephemeral). */
  private static final class LoopbackServerSockets implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return new ServerSocket(port, 0, InetAddress.getLoopbackAddress());
    }
  }

  /** Connects to the loopback address whatever host the stub names. */
  private static final class LoopbackClientSockets implements RMIClientSocketFactory,
      Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LoopbackClientSockets;
    }

    @Override
    public int hashCode() {
      return LoopbackClientSockets.class.hashCode();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ObservabilityFixture(properties(
        TenantCacheProperties.MANAGEMENT_TENANT_TABLE_SIZE, "2"));
    Map<String, Object> environment = new HashMap<>();
    environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE,
        new LoopbackServerSockets());
    environment.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE,
        new LoopbackClientSockets());
    server = JMXConnectorServerFactory.newJMXConnectorServer(
        new JMXServiceURL("service:jmx:rmi://127.0.0.1"), environment, platform());
    server.start();
    connector = JMXConnectorFactory.connect(server.getAddress());
    remote = connector.getMBeanServerConnection();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (connector != null) {
        connector.close();
      }
    } finally {
      try {
        if (server != null) {
          server.stop();
        }
      } finally {
        fixture.close();
      }
    }
  }

  private Cache<String, String> usersWithTraffic() {
    Cache<String, String> cache = fixture.create("users", fixture.builder().maximumSize(10));
    Tenants.run("acme", () -> {
      cache.put("a", "1");
      cache.put("b", "2");
      cache.get("a");
      cache.get("a");
      cache.get("missing");
    });
    Tenants.run("globex", () -> {
      for (int i = 0; i < 20; i++) {
        cache.put("g" + i, "v");
      }
      cache.get("g19");
    });
    Tenants.run("initech", () -> cache.get("x"));
    return cache;
  }

  @Test
  void standardMXBeans_readRemotely_showTheTotalsOverAllTenants() throws Exception {
    usersWithTraffic();
    ObjectName statistics = fixture.statisticsName("users");

    assertThat(server.getAddress().getHost()).isEqualTo("127.0.0.1");
    assertThat(remote.getAttribute(statistics, "CacheHits")).isEqualTo(3L);
    assertThat(remote.getAttribute(statistics, "CacheMisses")).isEqualTo(2L);
    assertThat(remote.getAttribute(statistics, "CacheGets")).isEqualTo(5L);
    assertThat(remote.getAttribute(statistics, "CachePuts")).isEqualTo(22L);
    assertThat((Long) remote.getAttribute(statistics, "CacheEvictions")).isPositive();
    assertThat(remote.getAttribute(statistics, "CacheHitPercentage")).isEqualTo(60f);
    assertThat((Float) remote.getAttribute(statistics, "AverageGetTime")).isPositive();
    ObjectName configuration = fixture.configurationName("users");
    assertThat(remote.getAttribute(configuration, "KeyType")).isEqualTo("java.lang.String");
    assertThat(remote.getAttribute(configuration, "StatisticsEnabled")).isEqualTo(true);

    remote.invoke(statistics, "clear", null, null);
    assertThat(remote.getAttribute(statistics, "CacheHits")).isEqualTo(0L);
  }

  @Test
  void tenantStatistics_readRemotely_tableAndTenantList() throws Exception {
    usersWithTraffic();
    ObjectName name = fixture.tenantStatisticsName("users");

    assertThat(remote.queryNames(new ObjectName("io.tenantcache:type=TenantStatistics,*"), null))
        .contains(name);
    assertThat((String[]) remote.getAttribute(name, "Tenants"))
        .containsExactly("acme", "globex", "initech");
    assertThat(remote.getAttribute(name, "TenantCount")).isEqualTo(3);
    assertThat(remote.getAttribute(name, "TenantTableLimit")).isEqualTo(2);
    assertThat(remote.getAttribute(name, "OmittedTenants")).isEqualTo(1);
    TabularData table = (TabularData) remote.getAttribute(name, "TenantTable");
    assertThat(table.size()).isEqualTo(2);
    CompositeData globex = table.get(new Object[] {"globex"});
    assertThat(globex.get("puts")).isEqualTo(20L);
    assertThat(globex.get("hits")).isEqualTo(1L);
    assertThat((Long) globex.get("evictions")).isPositive();
    assertThat((Long) globex.get("size")).isEqualTo(20L - (Long) globex.get("evictions"));
    CompositeData acme = table.get(new Object[] {"acme"});
    assertThat(acme.get("hits")).isEqualTo(2L);
    assertThat(acme.get("misses")).isEqualTo(1L);
    assertThat((Double) acme.get("hitRate")).isEqualTo(2.0 / 3);
    assertThat(table.get(new Object[] {"initech"})).as("the least active tenant is left out")
        .isNull();

    TenantStatisticsMXBean proxy = JMX.newMBeanProxy(remote, name, TenantStatisticsMXBean.class);
    assertThat(proxy.getTenantTable().keySet()).hasSize(2);
  }

  @Test
  void operations_invokedRemotely_readClearAndReset() throws Exception {
    Cache<String, String> cache = usersWithTraffic();
    ObjectName name = fixture.tenantStatisticsName("users");
    String[] signature = {String.class.getName()};

    CompositeData initech = (CompositeData) remote.invoke(name, "tenantStatistics",
        new Object[] {"initech"}, signature);
    assertThat(initech.get("tenant")).isEqualTo("initech");
    assertThat(initech.get("misses")).isEqualTo(1L);

    remote.invoke(name, "clearTenant", new Object[] {"acme"}, signature);
    assertThat(admin(cache).statistics("acme").size()).isZero();
    assertThat(Tenants.call("acme", () -> cache.get("a"))).isNull();
    assertThat(admin(cache).statistics("globex").size()).isPositive();

    remote.invoke(name, "resetTenantStatistics", new Object[] {"globex"}, signature);
    CompositeData globex = (CompositeData) remote.invoke(name, "tenantStatistics",
        new Object[] {"globex"}, signature);
    assertThat(globex.get("puts")).isEqualTo(0L);
    assertThat(globex.get("hits")).isEqualTo(0L);
    assertThat(remote.getAttribute(fixture.statisticsName("users"), "CachePuts"))
        .as("the totals keep what globex contributed").isEqualTo(22L);

    assertThatThrownBy(() -> remote.invoke(name, "clearTenant", new Object[] {" "}, signature))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyAttribute_asJConsoleReadsThem_neverShowsKeysOrValues() throws Exception {
    Cache<String, String> cache = fixture.create("users", fixture.builder()
        .readThrough(ObservabilityFixture.Loader::new));
    Tenants.run("acme", () -> {
      cache.put(SECRET_KEY, SECRET_VALUE);
      cache.get(SECRET_KEY);
      cache.get(SECRET_VALUE);
      cache.get("other-" + SECRET_KEY);
    });

    ObjectName mine = new ObjectName("*:CacheManager="
        + ObservabilityFixture.sanitize(fixture.uri.toString()) + ",*");
    Set<ObjectName> names = remote.queryNames(mine, null);
    assertThat(names).hasSize(3);
    List<String> shown = new ArrayList<>();
    for (ObjectName name : names) {
      for (MBeanAttributeInfo attribute : remote.getMBeanInfo(name).getAttributes()) {
        for (Attribute value : remote.getAttributes(name, new String[] {attribute.getName()})
            .asList()) {
          shown.add(name + " " + value.getName() + "=" + deepToString(value.getValue()));
        }
      }
    }
    shown.add(deepToString(remote.invoke(fixture.tenantStatisticsName("users"),
        "tenantStatistics", new Object[] {"acme"}, new String[] {String.class.getName()})));

    assertThat(shown).hasSizeGreaterThan(15);
    assertThat(String.join("\n", shown)).contains("acme")
        .doesNotContain(SECRET_KEY).doesNotContain(SECRET_VALUE).doesNotContain("secret");
  }

  private static String deepToString(Object value) {
    return (value instanceof Object[] array) ? java.util.Arrays.deepToString(array)
        : String.valueOf(value);
  }
}
