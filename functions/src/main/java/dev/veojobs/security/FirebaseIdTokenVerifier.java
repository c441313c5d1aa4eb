package dev.veojobs.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Verifies Firebase Auth ID tokens: RS256 signed by a key from Google's securetoken JWK set (or the
 * local Auth emulator's), with the Firebase claim rules; the uid is the token's {@code sub}.
 */
public final class FirebaseIdTokenVerifier implements CallerVerifier {
  /** Google's public keys for Firebase ID tokens, as a JWK set. */
  public static final URI GOOGLE_JWKS_URL =
      URI.create("https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com");
  /** Tolerated difference between our clock and the issuer's for iat and auth_time. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final RsaSignatureCheck signature;
  private final IdTokenRules rules;
  private final RevocationCheck revocation;

  public FirebaseIdTokenVerifier(
      String projectId, JWKSource<SecurityContext> keys, RevocationCheck revocation, Clock clock) {
    this.signature = new RsaSignatureCheck(keys);
    this.rules = new IdTokenRules(projectId, clock, CLOCK_SKEW);
    this.revocation = revocation;
  }

  /** Production wiring: keys fetched from {@code jwksUrl} and cached (see {@link RemoteJwks}). */
  public static FirebaseIdTokenVerifier fromJwksUrl(
      String projectId, URI jwksUrl, RevocationCheck revocation, Clock clock) {
    return new FirebaseIdTokenVerifier(projectId, RemoteJwks.source(jwksUrl), revocation, clock);
  }

  @Override
  public String verify(String authorizationHeader) {
    return verifyToken(authorizationHeader).uid();
  }

  @Override
  public String verifyNotRevoked(String authorizationHeader) {
    VerifiedIdToken token = verifyToken(authorizationHeader);
    if (revocation.isRevoked(token.uid(), token.authTime())) {
      throw new UnauthenticatedException("token of " + token.uid() + " was revoked or the user is disabled");
    }
    return token.uid();
  }

  /** The verified token (uid and auth_time) without the revocation check. */
  public VerifiedIdToken verifyToken(String authorizationHeader) {
    String token = BearerToken.extract(authorizationHeader);
    return rules.check(signature.verify(token));
  }
}
