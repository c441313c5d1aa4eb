package dev.veojobs.http.auth;

import com.google.cloud.functions.HttpRequest;

/**
 * {@code AUTH_MODE=firebase} in this build: verifying Firebase ID tokens (RS256 against
 * Google's securetoken keys, issuer, audience, expiry) is not implemented yet, so this mode
 * fails closed and every request is answered 401. It never lets a caller through.
 */
public final class FirebaseUnavailableAuthenticator implements CallerAuthenticator {
  @Override
  public String authenticate(HttpRequest request) throws UnauthenticatedException {
    boolean presented = request.getFirstHeader("Authorization").isPresent();
    throw new UnauthenticatedException("Firebase ID token verification is not available in this build", presented);
  }
}
