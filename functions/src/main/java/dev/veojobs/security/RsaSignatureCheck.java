package dev.veojobs.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;

/**
 * Checks that a compact JWT is RS256-signed by the key its {@code kid} names in a JWK set. Only RS256
 * is accepted, so "none" and algorithm-confusion tokens (HS256 keyed with the public key) never verify.
 */
final class RsaSignatureCheck {
  private final JWKSource<SecurityContext> keys;

  RsaSignatureCheck(JWKSource<SecurityContext> keys) {
    this.keys = keys;
  }

  /** The token's claims once its signature is proven; otherwise {@link UnauthenticatedException}. */
  JWTClaimsSet verify(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new UnauthenticatedException("not a signed JWT: " + e.getMessage());
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
      throw new UnauthenticatedException("alg " + header.getAlgorithm() + " is not RS256");
    }
    String kid = header.getKeyID();
    if (kid == null || kid.isBlank()) {
      throw new UnauthenticatedException("token header has no kid");
    }
    List<JWK> candidates = keysFor(kid);
    if (candidates.isEmpty()) {
      throw new UnauthenticatedException("no signing key with kid " + kid);
    }
    for (JWK candidate : candidates) {
      if (candidate instanceof RSAKey rsa && signedBy(jwt, rsa)) {
        try {
          return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
          throw new UnauthenticatedException("claims could not be parsed: " + e.getMessage());
        }
      }
    }
    throw new UnauthenticatedException("signature does not verify with key " + kid);
  }

  private List<JWK> keysFor(String kid) {
    JWKMatcher matcher = new JWKMatcher.Builder()
        .keyID(kid)
        .keyType(KeyType.RSA)
        .keyUses(KeyUse.SIGNATURE, null)
        .algorithms(JWSAlgorithm.RS256, null)
        .build();
    try {
      return keys.get(new JWKSelector(matcher), null);
    } catch (RateLimitReachedException e) {
      // Refetches for unknown kids are rate limited; a kid still unknown after the last refetch is junk, not an outage.
      return List.of();
    } catch (KeySourceException e) {
      throw new AuthServiceUnavailableException("signing keys could not be fetched", e);
    }
  }

  private static boolean signedBy(SignedJWT jwt, RSAKey key) {
    try {
      return jwt.verify(new RSASSAVerifier(key));
    } catch (JOSEException e) {
      return false;
    }
  }
}
