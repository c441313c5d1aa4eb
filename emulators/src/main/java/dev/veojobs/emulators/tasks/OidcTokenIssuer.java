package dev.veojobs.emulators.tasks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints the OIDC ID tokens Cloud Tasks attaches for {@code http_request.oidc_token}, signed RS256
 * with a key generated per emulator instance and published as a JWKS, so a handler can verify
 * them the way it verifies Google's (issuer, audience, signature) with only the URLs swapped.
 */
final class OidcTokenIssuer {
  static final Duration LIFETIME = Duration.ofHours(1);

  private final RSAKey key;
  private final RSASSASigner signer;
  private volatile String issuer = "http://localhost";

  OidcTokenIssuer() {
    try {
      key =
          new RSAKeyGenerator(2048)
              .keyID("tasks-emulator-" + UUID.randomUUID())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate();
      signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the OIDC signing key", e);
    }
  }

  void issuer(String issuer) {
    this.issuer = issuer;
  }

  String issuer() {
    return issuer;
  }

  String jwksUri() {
    return issuer + "/jwks";
  }

  String token(String serviceAccountEmail, String audience, Instant issuedAt) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(serviceAccountEmail)
            .claim("email", serviceAccountEmail)
            .claim("email_verified", true)
            .claim("azp", serviceAccountEmail)
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(LIFETIME)))
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the OIDC token", e);
    }
    return jwt.serialize();
  }

  /** The audience Cloud Tasks uses when the task names none: the target URL without its query. */
  static String defaultAudience(String url) {
    int end = url.length();
    for (char c : new char[] {'?', '#'}) {
      int at = url.indexOf(c);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    return url.substring(0, end);
  }

  Map<String, Object> jwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }

  Map<String, Object> openIdConfiguration() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("issuer", issuer);
    config.put("jwks_uri", jwksUri());
    config.put("response_types_supported", List.of("id_token"));
    config.put("subject_types_supported", List.of("public"));
    config.put("id_token_signing_alg_values_supported", List.of("RS256"));
    config.put("claims_supported", List.of("aud", "email", "email_verified", "exp", "iat", "iss", "sub", "azp"));
    return config;
  }
}
