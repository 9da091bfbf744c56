package io.tenantcache.spi;

import static java.util.Objects.requireNonNull;

import io.tenantcache.TenantCacheManager;
import io.tenantcache.internal.manager.CacheManagerImpl;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * TenantCache's {@link CachingProvider}, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services}. Keeps one open {@link TenantCacheManager} per (class loader, URI); a
 * closed manager is forgotten, so asking again yields a fresh one.
 */
public final class TenantCachingProvider implements CachingProvider {
  private static final System.Logger LOGGER =
      System.getLogger(TenantCachingProvider.class.getName());

  /** The URI of the default cache manager. */
  public static final URI DEFAULT_URI = URI.create("urn:tenantcache:default");

  // Weak keys: a class loader that is thrown away takes its managers with it.
  private final Map<ClassLoader, Map<URI, CacheManagerImpl>> managers = new WeakHashMap<>();

  @Override
  public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader,
      @Nullable Properties properties) {
    URI managerUri = (uri == null) ? getDefaultURI() : uri;
    ClassLoader loader = (classLoader == null) ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = (properties == null) ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, CacheManagerImpl> byUri = managers.computeIfAbsent(loader, k -> new HashMap<>());
      CacheManagerImpl manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new CacheManagerImpl(this, managerUri, loader, managerProperties, this::release);
        byUri.put(managerUri, manager);
      } else if (properties != null && !properties.isEmpty()
          && !properties.equals(manager.getProperties())) {
        // JCache hands out the open manager as it is; say so rather than drop them silently.
        LOGGER.log(Level.WARNING, "CacheManager ''{0}'' is open already: the properties passed "
            + "now are ignored (close it first to reopen it with them)", managerUri);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return (context == null) ? TenantCachingProvider.class.getClassLoader() : context;
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<CacheManagerImpl> open = new ArrayList<>();
    synchronized (managers) {
      managers.values().forEach(byUri -> open.addAll(byUri.values()));
      managers.clear();
    }
    open.forEach(CacheManagerImpl::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    requireNonNull(classLoader, "classLoader");
    Map<URI, CacheManagerImpl> byUri;
    synchronized (managers) {
      byUri = managers.remove(classLoader);
    }
    if (byUri != null) {
      List.copyOf(byUri.values()).forEach(CacheManagerImpl::close);
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    requireNonNull(uri, "uri");
    requireNonNull(classLoader, "classLoader");
    CacheManagerImpl manager;
    synchronized (managers) {
      Map<URI, CacheManagerImpl> byUri = managers.get(classLoader);
      manager = (byUri == null) ? null : byUri.remove(uri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  /** Forgets a manager that has closed. */
  private void release(CacheManagerImpl manager) {
    synchronized (managers) {
      Map<URI, CacheManagerImpl> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
      }
    }
  }
}
