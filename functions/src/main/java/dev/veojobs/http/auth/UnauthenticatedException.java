package dev.veojobs.http.auth;

/**
 * The caller did not prove who it is. {@link #getMessage()} is for the logs; the API answers a
 * generic 401 with {@code WWW-Authenticate: Bearer} (plus {@code error="invalid_token"} when a
 * token was sent but rejected, as RFC 6750 asks).
 */
public final class UnauthenticatedException extends Exception {
  private final boolean tokenPresented;

  public UnauthenticatedException(String reason, boolean tokenPresented) {
    super(reason);
    this.tokenPresented = tokenPresented;
  }

  public boolean tokenPresented() {
    return tokenPresented;
  }
}
