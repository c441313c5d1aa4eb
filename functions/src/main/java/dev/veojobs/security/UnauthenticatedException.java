package dev.veojobs.security;

/**
 * A request whose credentials do not prove who sent it. {@link #reason()} says why, for logs only:
 * callers answer 401 with {@link #PUBLIC_MESSAGE} so a client learns nothing about which check failed.
 */
public final class UnauthenticatedException extends RuntimeException {
  /** What the API shows for every authentication failure of an end user. */
  public static final String PUBLIC_MESSAGE = "Missing or invalid ID token";

  public UnauthenticatedException(String reason) {
    super(reason, null, false, false);
  }

  public UnauthenticatedException(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }

  /** Internal explanation (which check failed); never shown to the client. */
  public String reason() {
    return getMessage();
  }
}
