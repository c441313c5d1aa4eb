package dev.veojobs.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** exp and iat rules shared by every token kind; the clock is injected so tests move time, not sleep. */
final class TimeClaims {
  private TimeClaims() {}

  static void requireNotExpired(JWTClaimsSet claims, Instant now) {
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new UnauthenticatedException("exp is missing");
    }
    if (!now.isBefore(exp.toInstant())) {
      throw new UnauthenticatedException("token expired at " + exp.toInstant());
    }
  }

  static void requireIssuedInPast(JWTClaimsSet claims, Instant now, Duration skew) {
    Date iat = claims.getIssueTime();
    if (iat == null) {
      throw new UnauthenticatedException("iat is missing");
    }
    if (iat.toInstant().isAfter(now.plus(skew))) {
      throw new UnauthenticatedException("iat " + iat.toInstant() + " is in the future");
    }
  }
}
