package io.tenantcache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantcache.TenantCache;
import io.tenantcache.TenantCacheManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.internal.CacheKeyImplementation;
import org.hibernate.cache.internal.SimpleCacheKeysFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * TenantCache as Hibernate's second-level cache, with a database per tenant. The same ids exist
 * in both tenants' databases with different rows, so a cache that mixed tenants up would show at
 * once.
 */
final class HibernateSecondLevelCacheTest {
  private static final String AUTHOR = Author.class.getName();
  private static final String AUTHOR_BOOKS = AUTHOR + ".books";
  private static final String BOOKS_BY_AUTHOR =
      "from Book b where b.author.id = :author order by b.id";

  private TenantDatabases databases;
  private SessionFactory sessionFactory;

  @BeforeEach
  void checkVersion() {
    String expected = System.getProperty("tenantcache.examples.hibernate-version");
    if (expected != null) { // set by the build: this class also runs against Hibernate 6.6
      assertThat(org.hibernate.Version.getVersionString()).isEqualTo(expected);
    }
  }

  @BeforeEach
  void createDatabases(TestInfo test) {
    databases = new TenantDatabases(test.getTestMethod().orElseThrow().getName(),
        List.of("acme", "globex"));
    databases.execute("acme", "insert into author values (1, 'Ursula K. Le Guin');"
        + "insert into book values (1, 'The Dispossessed', 1);"
        + "insert into book values (2, 'The Left Hand of Darkness', 1)");
    databases.execute("globex", "insert into author values (1, 'Stanislaw Lem');"
        + "insert into book values (1, 'Solaris', 1)");
  }

  @AfterEach
  void close() {
    if (sessionFactory != null && sessionFactory.isOpen()) {
      sessionFactory.close();
    }
    databases.drop();
  }

  private <T> T inSession(String tenant, Function<Session, T> work) {
    return TenantContext.call(tenant, () -> {
      try (Session session = sessionFactory.openSession()) {
        return work.apply(session);
      }
    });
  }

  private <T> T inTransaction(String tenant, Function<Session, T> work) {
    return TenantContext.call(tenant, () -> sessionFactory.fromTransaction(work));
  }

  private static List<String> titles(Author author) {
    return author.getBooks().stream().map(Book::getTitle).toList();
  }

  private static List<String> booksByAuthor(Session session) {
    return session.createSelectionQuery(BOOKS_BY_AUTHOR, Book.class)
        .setParameter("author", 1L)
        .setCacheable(true)
        .getResultList().stream().map(Book::getTitle).toList();
  }

  @SuppressWarnings("unchecked")
  private TenantCache<Object, Object> region(String name) {
    Cache<Object, Object> cache = LibrarySessionFactory.cacheManager(sessionFactory).getCache(name);
    return cache.unwrap(TenantCache.class);
  }

  @Test
  void entityCollectionAndQueryCaches_hit_perTenant() {
    sessionFactory = LibrarySessionFactory.build(databases, Map.of());
    Statistics statistics = sessionFactory.getStatistics();
    inSession("acme", session -> titles(session.find(Author.class, 1L))); // fills the caches
    inSession("acme", HibernateSecondLevelCacheTest::booksByAuthor);
    statistics.clear();

    Author author = inSession("acme", session -> {
      Author found = session.find(Author.class, 1L);
      titles(found); // initializes the collection inside the session
      return found;
    });
    List<String> queried = inSession("acme", HibernateSecondLevelCacheTest::booksByAuthor);

    assertThat(author.getName()).isEqualTo("Ursula K. Le Guin");
    assertThat(titles(author)).containsExactly("The Dispossessed", "The Left Hand of Darkness");
    assertThat(queried).containsExactly("The Dispossessed", "The Left Hand of Darkness");
    assertThat(statistics.getEntityStatistics(AUTHOR).getCacheHitCount()).as("entity").isEqualTo(1);
    assertThat(statistics.getCollectionStatistics(AUTHOR_BOOKS).getCacheHitCount())
        .as("collection").isEqualTo(1);
    assertThat(statistics.getQueryCacheHitCount()).as("query").isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).as("no SQL at all").isZero();
    assertThat(region(AUTHOR).statistics("acme").hits()).isPositive();
  }

  @Test
  void sameIdInTwoTenants_eachTenantGetsItsOwnRow_neverTheOthersCachedOne() {
    sessionFactory = LibrarySessionFactory.build(databases, Map.of());
    assertTenantsKeptApart();
    assertThat(cachedKeys(AUTHOR, "acme")).singleElement() // Hibernate's key has the tenant too
        .isInstanceOfSatisfying(CacheKeyImplementation.class,
            key -> assertThat(key.getTenantId()).isEqualTo("acme"));
  }

  /**
   * Hibernate's default cache keys carry the tenant id themselves; with simple keys (the bare id)
   * only TenantCache keeps the tenants apart.
   */
  @Test
  void sameIdInTwoTenants_withSimpleCacheKeys_tenantCacheAloneKeepsThemApart() {
    sessionFactory = LibrarySessionFactory.build(databases, Map.of(
        "hibernate.cache.region.factory_class",
        new JCacheRegionFactory(SimpleCacheKeysFactory.INSTANCE)));
    assertTenantsKeptApart();
    assertThat(cachedKeys(AUTHOR, "acme")).containsExactly(1L); // the bare id: no tenant in it
    assertThat(cachedKeys(AUTHOR, "globex")).containsExactly(1L);
  }

  private List<Object> cachedKeys(String region, String tenant) {
    List<Object> keys = new ArrayList<>();
    region(region).forTenant(tenant).forEach(entry -> keys.add(entry.getKey()));
    return keys;
  }

  private void assertTenantsKeptApart() {
    Statistics statistics = sessionFactory.getStatistics();
    inSession("acme", session -> titles(session.find(Author.class, 1L)));
    inSession("acme", HibernateSecondLevelCacheTest::booksByAuthor);
    statistics.clear();

    Author globex = inSession("globex", session -> {
      Author found = session.find(Author.class, 1L);
      titles(found);
      return found;
    });
    List<String> globexQueried = inSession("globex", HibernateSecondLevelCacheTest::booksByAuthor);

    assertThat(globex.getName()).isEqualTo("Stanislaw Lem");
    assertThat(titles(globex)).containsExactly("Solaris");
    assertThat(globexQueried).containsExactly("Solaris");
    assertThat(statistics.getEntityStatistics(AUTHOR).getCacheHitCount()).isZero();
    assertThat(statistics.getEntityStatistics(AUTHOR).getCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getQueryCacheHitCount()).isZero();
    assertThat(region(AUTHOR).tenants()).containsExactlyInAnyOrder("acme", "globex");
    String acme = inSession("acme", session -> session.find(Author.class, 1L).getName());
    assertThat(acme).isEqualTo("Ursula K. Le Guin");
  }

  @Test
  void update_invalidatesTheTenantsOwnCachedQueries_andLeavesTheOtherTenantsAlone() {
    sessionFactory = LibrarySessionFactory.build(databases, Map.of());
    Statistics statistics = sessionFactory.getStatistics();
    inSession("acme", HibernateSecondLevelCacheTest::booksByAuthor);
    inSession("globex", HibernateSecondLevelCacheTest::booksByAuthor);

    inTransaction("acme", session -> {
      session.find(Book.class, 1L).setTitle("The Dispossessed: An Ambiguous Utopia");
      return null;
    });
    statistics.clear();

    assertThat(inSession("acme", HibernateSecondLevelCacheTest::booksByAuthor))
        .containsExactly("The Dispossessed: An Ambiguous Utopia", "The Left Hand of Darkness");
    assertThat(statistics.getQueryCacheMissCount()).as("acme's query ran again").isEqualTo(1);
    assertThat(inSession("globex", HibernateSecondLevelCacheTest::booksByAuthor))
        .containsExactly("Solaris");
    assertThat(statistics.getQueryCacheHitCount()).as("globex's result still cached").isEqualTo(1);
    String title = inSession("acme", session -> session.find(Book.class, 1L).getTitle());
    assertThat(title).isEqualTo("The Dispossessed: An Ambiguous Utopia");
  }

  @Test
  void evictAllRegions_evictsOnlyTheCurrentTenantsEntries_andNeedsATenant() {
    sessionFactory = LibrarySessionFactory.build(databases, Map.of());
    inSession("acme", session -> session.find(Author.class, 1L));
    inSession("globex", session -> session.find(Author.class, 1L));

    TenantContext.run("acme", () -> sessionFactory.getCache().evictAllRegions());

    assertThat(region(AUTHOR).tenants()).containsExactly("globex");
    assertThatThrownBy(() -> sessionFactory.getCache().evictAllRegions())
        .as("no tenant, and the configuration says missing-tenant = reject")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no tenant");
    assertThat(region(AUTHOR).tenants()).containsExactly("globex");
  }

  @Test
  void closingTheSessionFactory_closesItsCacheManager_andANewSessionFactoryWorks() {
    sessionFactory = LibrarySessionFactory.build(databases, Map.of());
    CacheManager first = LibrarySessionFactory.cacheManager(sessionFactory);
    assertThat(first).isInstanceOf(TenantCacheManager.class);
    assertThat(first.getURI().toString()).endsWith(LibrarySessionFactory.CACHE_CONFIGURATION);
    inSession("acme", session -> session.find(Author.class, 1L));

    sessionFactory.close();
    assertThat(first.isClosed()).as("hibernate-jcache closes the manager").isTrue();

    sessionFactory = LibrarySessionFactory.build(databases, Map.of());
    CacheManager second = LibrarySessionFactory.cacheManager(sessionFactory);
    assertThat(second).isNotSameAs(first);
    assertThat(second.isClosed()).isFalse();
    Statistics statistics = sessionFactory.getStatistics();
    inSession("acme", session -> session.find(Author.class, 1L));
    String name = inSession("acme", session -> session.find(Author.class, 1L).getName());
    assertThat(name).isEqualTo("Ursula K. Le Guin");
    assertThat(statistics.getEntityStatistics(AUTHOR).getCacheHitCount()).isEqualTo(1);
  }
}
