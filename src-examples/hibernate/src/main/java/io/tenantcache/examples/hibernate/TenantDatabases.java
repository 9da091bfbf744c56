package io.tenantcache.examples.hibernate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;

/**
 * Database per tenant: one in-memory H2 database for each tenant, created with the schema in
 * {@code tenant-schema.sql}, handed to Hibernate as its {@link MultiTenantConnectionProvider}. The
 * same entity id in two tenants is two different rows, which makes it easy to see whether a cache
 * ever serves one tenant's row to another.
 */
public final class TenantDatabases implements MultiTenantConnectionProvider<String> {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<String> tenants;

  /** Creates the databases {@code name-<tenant>} and their schema. */
  public TenantDatabases(String name, List<String> tenants) {
    this.name = Objects.requireNonNull(name, "name");
    this.tenants = List.copyOf(tenants);
    String schema = schema();
    for (String tenant : this.tenants) {
      execute(tenant, schema);
    }
  }

  /** Runs SQL statements (separated by ';') in a tenant's database, outside Hibernate. */
  public void execute(String tenant, String sql) {
    try (Connection connection = getConnection(tenant);
        Statement statement = connection.createStatement()) {
      for (String part : sql.split(";", -1)) {
        if (!part.isBlank()) {
          statement.execute(part);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed in " + tenant + "'s database: " + e.getMessage(),
          e);
    }
  }

  /** Drops every tenant's database. */
  public void drop() {
    for (String tenant : tenants) {
      execute(tenant, "shutdown");
    }
  }

  @Override
  public Connection getAnyConnection() throws SQLException {
    return getConnection(tenants.get(0));
  }

  @Override
  public void releaseAnyConnection(Connection connection) throws SQLException {
    connection.close();
  }

  @Override
  public Connection getConnection(String tenant) throws SQLException {
    if (!tenants.contains(tenant)) {
      throw new SQLException("no database for tenant '" + tenant + "'");
    }
    return DriverManager.getConnection("jdbc:h2:mem:" + name + "-" + tenant + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  public void releaseConnection(String tenant, Connection connection) throws SQLException {
    connection.close();
  }

  @Override
  public boolean supportsAggressiveRelease() {
    return false;
  }

  @Override
  public boolean isUnwrappableAs(Class<?> unwrapType) {
    return unwrapType.isInstance(this);
  }

  @Override
  public <T> T unwrap(Class<T> unwrapType) {
    if (!isUnwrappableAs(unwrapType)) {
      throw new IllegalArgumentException("cannot unwrap to " + unwrapType.getName());
    }
    return unwrapType.cast(this);
  }

  private static String schema() {
    try (InputStream in = TenantDatabases.class.getResourceAsStream("/tenant-schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("tenant-schema.sql is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
