package io.tenantcache;

import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * A declarative configuration that cannot be used: a file that cannot be found, read or parsed, a
 * setting with a bad value, an unknown key, or a class it names that cannot be loaded or created.
 *
 * <p>Every failure of {@link DeclarativeConfiguration#load} is one of these. The message names the
 * setting's full path (for example {@code tenantcache.caches.users.maximum-size}), its value and
 * what is allowed, and where the value was written when that is known.
 */
public final class TenantCacheConfigurationException extends CacheException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String setting;

  /** A failure of the file as a whole (not found, not readable, not parseable). */
  public TenantCacheConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
    this.setting = null;
  }

  /** A failure of the setting at {@code setting} (its full path). */
  public TenantCacheConfigurationException(String setting, String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /** Returns the full path of the bad setting, or null when the failure is not one setting's. */
  public @Nullable String setting() {
    return setting;
  }
}
