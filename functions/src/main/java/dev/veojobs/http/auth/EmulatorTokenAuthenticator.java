package dev.veojobs.http.auth;

import com.google.cloud.functions.HttpRequest;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import java.text.ParseException;

/**
 * Accepts the unsigned ID tokens the Firebase Auth emulator issues ({@code alg: none},
 * {@code header.payload.}) and takes the uid from {@code user_id}, else {@code sub}. Used only
 * with {@code AUTH_MODE=emulator}, which Config refuses on Cloud Run. A signed token is refused
 * here: this class cannot verify it, and accepting it unverified would teach clients that
 * forged production tokens work. Expiry is not checked, because the local stack's clock may
 * run minutes ahead of the emulator that issued the token.
 */
public final class EmulatorTokenAuthenticator implements CallerAuthenticator {
  /** Firebase uids are at most 128 characters. */
  static final int MAX_UID_LENGTH = 128;

  @Override
  public String authenticate(HttpRequest request) throws UnauthenticatedException {
    String token = BearerToken.from(request);
    JWTClaimsSet claims;
    try {
      JWT jwt = JWTParser.parse(token);
      if (!(jwt instanceof PlainJWT)) {
        throw new UnauthenticatedException("emulator mode accepts only unsigned emulator tokens", true);
      }
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new UnauthenticatedException("token is not a JWT", true);
    }
    String uid = claim(claims, "user_id");
    if (uid == null) {
      uid = claim(claims, "sub");
    }
    if (uid == null || uid.isBlank() || uid.length() > MAX_UID_LENGTH) {
      throw new UnauthenticatedException("token has no usable user_id or sub claim", true);
    }
    return uid;
  }

  private static String claim(JWTClaimsSet claims, String name) throws UnauthenticatedException {
    Object value = claims.getClaim(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new UnauthenticatedException(name + " claim is not a string", true);
    }
    return s;
  }
}
