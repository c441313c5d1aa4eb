package dev.veojobs.security;

/**
 * A service that authentication depends on (the signing-key set, the account lookup) could not answer.
 * The caller's credentials were not judged, so the API answers 503, not 401, and fails closed.
 */
public final class AuthServiceUnavailableException extends RuntimeException {
  public AuthServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public AuthServiceUnavailableException(String message) {
    super(message);
  }
}
