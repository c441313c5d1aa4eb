package dev.veojobs.http;

import com.google.cloud.functions.HttpRequest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link HttpRequest} that behaves like the Functions Framework's: header names are
 * case-insensitive, the path is decoded, query parameters are decoded and grouped by name.
 * Build with {@link #get}, {@link #post} or {@link #of}, then add headers and a body.
 */
public final class FakeHttpRequest implements HttpRequest {
  private final String method;
  private final URI uri;
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private byte[] body = new byte[0];
  private boolean chunked;
  private boolean undecodableQuery;

  private FakeHttpRequest(String method, String pathAndQuery) {
    this.method = method;
    this.uri = URI.create("http://localhost:8080" + pathAndQuery);
  }

  public static FakeHttpRequest of(String method, String pathAndQuery) {
    return new FakeHttpRequest(method, pathAndQuery);
  }

  public static FakeHttpRequest get(String pathAndQuery) {
    return of("GET", pathAndQuery);
  }

  public static FakeHttpRequest post(String pathAndQuery) {
    return of("POST", pathAndQuery);
  }

  /** Appends a header value (call twice for a repeated header). */
  public FakeHttpRequest header(String name, String value) {
    headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  public FakeHttpRequest bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  /** A JSON body with {@code Content-Type: application/json}. */
  public FakeHttpRequest json(String json) {
    return body(json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  /** A body with the given Content-Type (null for none). */
  public FakeHttpRequest body(byte[] bytes, String contentType) {
    this.body = bytes.clone();
    headers.remove("Content-Type");
    if (contentType != null) {
      header("Content-Type", contentType);
    }
    return this;
  }

  /** Sends the body without Content-Length, as a chunked upload would. */
  public FakeHttpRequest chunked() {
    this.chunked = true;
    return this;
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public String getUri() {
    return uri.toString();
  }

  @Override
  public String getPath() {
    return uri.getPath();
  }

  @Override
  public Optional<String> getQuery() {
    return Optional.ofNullable(uri.getRawQuery());
  }

  @Override
  public Map<String, List<String>> getQueryParameters() {
    if (undecodableQuery) {
      throw new IllegalArgumentException("400: Bad query");
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (uri.getRawQuery() == null || uri.getRawQuery().isEmpty()) {
      return params;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      params.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(kv.length > 1 ? decode(kv[1]) : "");
    }
    return params;
  }

  /**
   * Makes {@link #getQueryParameters} throw, as the invoker does (a Jetty {@code BadMessageException},
   * which functions cannot name) for a query such as {@code ?%} that is not valid percent-encoding.
   */
  public FakeHttpRequest undecodableQuery() {
    this.undecodableQuery = true;
    return this;
  }

  @Override
  public Map<String, HttpPart> getParts() {
    return Map.of();
  }

  @Override
  public Optional<String> getContentType() {
    return getFirstHeader("Content-Type");
  }

  @Override
  public long getContentLength() {
    return chunked ? -1 : body.length;
  }

  @Override
  public Optional<String> getCharacterEncoding() {
    return getContentType().flatMap(ct -> {
      for (String part : ct.split(";")) {
        String p = part.strip().toLowerCase(Locale.ROOT);
        if (p.startsWith("charset=")) {
          return Optional.of(p.substring("charset=".length()));
        }
      }
      return Optional.empty();
    });
  }

  @Override
  public InputStream getInputStream() {
    return new ByteArrayInputStream(body);
  }

  @Override
  public BufferedReader getReader() {
    return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
  }

  @Override
  public Map<String, List<String>> getHeaders() {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
