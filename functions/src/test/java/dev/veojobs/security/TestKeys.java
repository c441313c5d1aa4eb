package dev.veojobs.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.util.Arrays;

/** RSA keys and token minting for verifier tests; keys are made once per JVM (generation is slow). */
final class TestKeys {
  static final RSAKey TRUSTED = generate("trusted-kid");
  /** Same kid as {@link #TRUSTED}, different key material: a forged signature. */
  static final RSAKey IMPOSTOR = generate("trusted-kid");
  /** A key nobody published. */
  static final RSAKey UNPUBLISHED = generate("unknown-kid");

  private TestKeys() {}

  static JWKSource<SecurityContext> trustedSource() {
    return new ImmutableJWKSet<>(new JWKSet(TRUSTED.toPublicJWK()));
  }

  static String sign(RSAKey key, JWTClaimsSet claims) {
    return sign(key, key.getKeyID(), claims);
  }

  static String sign(RSAKey key, String kid, JWTClaimsSet claims) {
    try {
      JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
      if (kid != null) {
        header.keyID(kid);
      }
      SignedJWT jwt = new SignedJWT(header.build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The classic algorithm-confusion forgery: HS256 keyed with the published RSA public key. */
  static String hs256WithPublicKey(JWTClaimsSet claims) {
    try {
      byte[] secret = Arrays.copyOf(TRUSTED.toPublicJWK().toJSONString().getBytes(), 64);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TRUSTED.getKeyID()).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  private static RSAKey generate(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
