package dev.veojobs.security;

/**
 * Proves who calls {@code jobs-api}: turns the {@code Authorization} header into the caller's uid.
 * The uid is the owner of every job the request touches; no request field can override it.
 */
public interface CallerVerifier {

  /** The caller's uid; throws {@link UnauthenticatedException} when the header does not prove one. */
  String verify(String authorizationHeader);

  /**
   * Like {@link #verify}, and also refuses a token issued before the user's sessions were revoked.
   * Costs one call to the account service, so the API uses it only where money is spent (job create).
   * Throws {@link AuthServiceUnavailableException} when that service cannot answer (answer 503).
   */
  String verifyNotRevoked(String authorizationHeader);
}
