/**
 * Declarative configuration: caches and cache manager settings read from a HOCON file with
 * Typesafe Config, layered over the provider's {@code reference.conf}.
 *
 * <p>{@link io.tenantcache.internal.config.DeclarativeConfiguration#load} is the entry point. Only this
 * package uses Typesafe Config, an optional dependency: without a configuration file to read the
 * provider never loads a class that needs it.
 */
@NullMarked
package io.tenantcache.internal.config;

import org.jspecify.annotations.NullMarked;
