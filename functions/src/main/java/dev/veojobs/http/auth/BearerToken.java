package dev.veojobs.http.auth;

import com.google.cloud.functions.HttpRequest;
import java.util.List;
import java.util.Locale;

/** The token of an {@code Authorization: Bearer <token>} header. */
final class BearerToken {
  private BearerToken() {}

  static String from(HttpRequest request) throws UnauthenticatedException {
    List<String> values = request.getHeaders().getOrDefault("Authorization", List.of());
    if (values.isEmpty() || values.get(0).isBlank()) {
      throw new UnauthenticatedException("no Authorization header", false);
    }
    if (values.size() > 1) {
      throw new UnauthenticatedException("more than one Authorization header", true);
    }
    String header = values.get(0).strip();
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      throw new UnauthenticatedException("Authorization is not a Bearer token", true);
    }
    String token = header.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw new UnauthenticatedException("empty Bearer token", true);
    }
    return token;
  }
}
