package io.tenantcache.spring.boot.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP requests to the application under test on 127.0.0.1, with an optional tenant. */
final class LoopbackHttp {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  LoopbackHttp(int port) {
    this.port = port;
  }

  /** GET {@code path} with {@code X-Tenant: tenant} (none if null). */
  HttpResponse<String> get(String path, String tenant) {
    return send(request(path, tenant).GET());
  }

  /** GET {@code path} without a tenant. */
  HttpResponse<String> get(String path) {
    return get(path, null);
  }

  /** DELETE {@code path} without a tenant. */
  HttpResponse<String> delete(String path) {
    return send(request(path, null).DELETE());
  }

  private HttpRequest.Builder request(String path, String tenant) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST_TIMEOUT);
    if (tenant != null) {
      request.header("X-Tenant", tenant);
    }
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
