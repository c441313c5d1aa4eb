package dev.veojobs.security;

/** Reads the token out of an {@code Authorization: Bearer <token>} header (RFC 6750 section 2.1). */
public final class BearerToken {
  /** Real ID and OIDC tokens are 1-2 KB; anything far larger is refused before parsing. */
  static final int MAX_LENGTH = 16 * 1024;

  private BearerToken() {}

  /** The token, or an {@link UnauthenticatedException} saying why the header does not carry one. */
  public static String extract(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw new UnauthenticatedException("no Authorization header");
    }
    String header = authorizationHeader.strip();
    int space = header.indexOf(' ');
    // The scheme name is case-insensitive (RFC 7235 section 2.1).
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw new UnauthenticatedException("Authorization header is not a Bearer credential");
    }
    String token = header.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw new UnauthenticatedException("empty Bearer token");
    }
    if (token.length() > MAX_LENGTH) {
      throw new UnauthenticatedException("Bearer token longer than " + MAX_LENGTH + " characters");
    }
    if (token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new UnauthenticatedException("Bearer token contains characters a JWT cannot hold");
    }
    return token;
  }
}
