package dev.veojobs.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.veojobs.security.TaskTokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/** A local OIDC issuer for the private functions' unit tests: a real verifier and tokens it accepts. */
final class TaskTokens {
  static final String ISSUER = "http://localhost:9999";
  static final String INVOKER = "tasks-invoker@demo.iam.gserviceaccount.com";
  private static final RSAKey KEY = generate();

  private TaskTokens() {}

  static TaskTokenVerifier verifier(String ownUrl) {
    return new TaskTokenVerifier(new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())), Set.of(ISSUER), ownUrl,
        INVOKER, Clock.systemUTC());
  }

  /** A token Cloud Tasks would send to {@code audience} as the invoker account. */
  static String forAudience(String audience) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER).audience(audience).subject("1234567890")
        .claim("email", INVOKER).claim("email_verified", true)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
        .build();
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(KEY));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID("tasks-test").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
