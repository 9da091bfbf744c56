package io.tenantcache;

import static java.util.Objects.requireNonNull;

import java.io.ObjectInputFilter;

/**
 * The serial filters that store-by-value copies are deserialized through ({@link
 * TenantCacheConfiguration.Builder#serialFilter(String)}): the default one, and the parsing of a
 * {@code jdk.serialFilter} pattern with errors that name the setting.
 */
public final class SerialFilters {
  /**
   * The serial filter of a store-by-value cache that sets none ({@code jdk.serialFilter} syntax):
   * rejects the classes well-known deserialization gadget chains are built from (commons-collections
   * functors, Groovy, Spring internals, Xalan's translets, c3p0, JNDI, RMI, JMX, JDK internals,
   * script engines) and limits the depth ({@code maxdepth=100}), array sizes ({@code
   * maxarray=16777216}) and object count ({@code maxrefs=10000000}) of a value; allows every other
   * class.
   */
  public static final String DEFAULT = String.join(";",
      "maxdepth=100", "maxarray=16777216", "maxrefs=10000000",
      "!org.apache.commons.collections.functors.*", "!org.apache.commons.collections4.functors.*",
      "!org.apache.commons.beanutils.**", "!org.apache.commons.fileupload.**",
      "!org.apache.commons.configuration.**", "!org.apache.commons.configuration2.**",
      "!org.codehaus.groovy.**", "!groovy.lang.**", "!org.springframework.beans.factory.**",
      "!org.springframework.aop.**", "!org.springframework.transaction.jta.**",
      "!com.sun.org.apache.xalan.**", "!org.apache.xalan.**", "!com.mchange.v2.c3p0.**",
      "!com.sun.rowset.**", "!com.sun.jndi.**", "!javax.naming.**", "!java.rmi.**",
      "!sun.rmi.**", "!javax.management.**", "!java.beans.**", "!sun.reflect.**",
      "!jdk.internal.**", "!sun.misc.**", "!bsh.**", "!clojure.**", "!org.python.**",
      "!org.mozilla.javascript.**", "!javax.script.**", "!org.hibernate.engine.spi.**",
      "!org.hibernate.tuple.**", "!net.sf.json.**", "!com.sun.syndication.**",
      "!com.rometools.rome.feed.impl.**", "!org.apache.myfaces.**", "!org.jboss.interceptor.**",
      "!org.jboss.weld.interceptor.**", "!com.vaadin.data.util.**",
      "!org.apache.wicket.util.upload.**", "!org.apache.tomcat.dbcp.**",
      "!org.apache.commons.dbcp.**", "!org.apache.commons.dbcp2.**", "!com.zaxxer.hikari.**",
      "!org.apache.click.control.**", "!org.apache.log4j.**", "!org.apache.logging.log4j.**");

  private SerialFilters() {}

  /**
   * Returns the filter {@code pattern} makes, as a cache applies it.
   *
   * @throws IllegalArgumentException naming the setting if the pattern is malformed
   */
  public static ObjectInputFilter parse(String pattern) {
    requireNonNull(pattern, "serialFilter");
    ObjectInputFilter created;
    try {
      created = ObjectInputFilter.Config.createFilter(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serialFilter '" + pattern + "' is not a valid "
          + "jdk.serialFilter pattern: " + e.getMessage(), e);
    }
    if (created == null) {
      throw new IllegalArgumentException("serialFilter is empty; give a jdk.serialFilter pattern, "
          + "e.g. \"com.example.**;!*\" to allow only your own classes");
    }
    return created;
  }
}
