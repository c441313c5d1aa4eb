package dev.veojobs.http;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CORS for the browser client: only the configured origins (exact scheme://host[:port]) may
 * call the API. Credentials travel in the Authorization header, never in cookies, so
 * Access-Control-Allow-Credentials is not needed.
 */
public final class CorsPolicy {
  static final String ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key";
  static final String EXPOSE_HEADERS = "Retry-After, Location";
  static final String MAX_AGE_SECONDS = "3600";

  private final Set<String> allowedOrigins;

  public CorsPolicy(List<String> allowedOrigins) {
    this.allowedOrigins = Set.copyOf(allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
  }

  static boolean isPreflight(HttpRequest request) {
    return request.getMethod().equalsIgnoreCase("OPTIONS");
  }

  /** Answers an OPTIONS request: 204 with the CORS grant, or 403 for an origin not allowed. */
  Reply preflight(HttpRequest request) {
    Optional<String> origin = origin(request);
    if (origin.isEmpty()) {
      return Reply.noContent().withHeader("Allow", ALLOW_METHODS);
    }
    if (!allowed(origin.get())) {
      throw new ApiException(ApiStatus.PERMISSION_DENIED, "This origin is not allowed to call the API");
    }
    return Reply.noContent()
        .withHeader("Access-Control-Allow-Methods", ALLOW_METHODS)
        .withHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
        .withHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
  }

  /** Headers every API response gets, errors included, so the browser may read them. */
  void decorate(HttpRequest request, HttpResponse response) {
    response.appendHeader("Vary", "Origin");
    origin(request).filter(this::allowed).ifPresent(origin -> {
      response.appendHeader("Access-Control-Allow-Origin", origin);
      if (!isPreflight(request)) {
        response.appendHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
      }
    });
  }

  private boolean allowed(String origin) {
    return allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
  }

  private static Optional<String> origin(HttpRequest request) {
    return request.getFirstHeader("Origin").map(String::strip).filter(o -> !o.isEmpty());
  }
}
