package io.tenantcache.spring.boot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** GET requests to a test application on loopback, with one optional header. */
final class HttpCalls {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String header;

  HttpCalls(int port, String header) {
    this.port = port;
    this.header = header;
  }

  /** Sends GET {@code path} with the header set to {@code value} (none if null). */
  HttpResponse<String> get(String path, @Nullable String value) throws Exception {
    return client.send(request(path, value), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> getAsync(String path, @Nullable String value) {
    return client.sendAsync(request(path, value), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path, @Nullable String value) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST_TIMEOUT).GET();
    if (value != null) {
      request.header(header, value);
    }
    return request.build();
  }
}
