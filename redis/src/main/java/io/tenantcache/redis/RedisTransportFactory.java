package io.tenantcache.redis;

import io.tenantcache.cluster.ClusterReplica;
import io.tenantcache.cluster.ClusterSettings;
import io.tenantcache.cluster.ClusterTransport;
import io.tenantcache.cluster.ClusterTransportFactory;
import java.net.URI;
import java.util.Locale;

/**
 * The cluster transport over Redis, for {@code redis://} and {@code rediss://} URIs: invalidations
 * go on one Redis Stream per namespace, which every replica follows. Found by the provider through
 * {@code META-INF/services}; users name it nowhere.
 */
public final class RedisTransportFactory implements ClusterTransportFactory {
  /** Creates the factory (the service loader does). */
  public RedisTransportFactory() {}

  @Override
  public boolean accepts(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    String lower = scheme.toLowerCase(Locale.ROOT);
    return lower.equals("redis") || lower.equals("rediss");
  }

  @Override
  public ClusterTransport open(ClusterSettings settings, ClusterReplica replica) {
    return RedisInvalidationBus.open(settings, replica);
  }
}
