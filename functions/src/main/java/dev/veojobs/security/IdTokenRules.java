package dev.veojobs.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claim rules of a Firebase Auth ID token (Firebase's "verify ID tokens using a third-party JWT
 * library" list): audience is the project, issuer is securetoken for the project, not expired, issued
 * and authenticated in the past, subject a non-empty uid of at most 128 characters.
 */
final class IdTokenRules {
  static final int MAX_UID_LENGTH = 128;

  private final String projectId;
  private final String issuer;
  private final Clock clock;
  private final Duration skew;

  IdTokenRules(String projectId, Clock clock, Duration skew) {
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalArgumentException("Firebase project id is required");
    }
    this.projectId = projectId;
    this.issuer = "https://securetoken.google.com/" + projectId;
    this.clock = clock;
    this.skew = skew;
  }

  VerifiedIdToken check(JWTClaimsSet claims) {
    List<String> audience = claims.getAudience();
    if (audience.size() != 1 || !projectId.equals(audience.get(0))) {
      throw new UnauthenticatedException("aud " + audience + " is not " + projectId);
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new UnauthenticatedException("iss " + claims.getIssuer() + " is not " + issuer);
    }
    Instant now = clock.instant();
    TimeClaims.requireNotExpired(claims, now);
    TimeClaims.requireIssuedInPast(claims, now, skew);
    Instant authTime = authTime(claims);
    if (authTime.isAfter(now.plus(skew))) {
      throw new UnauthenticatedException("auth_time " + authTime + " is in the future");
    }
    String subject = subject(claims);
    if (subject == null || subject.isEmpty()) {
      throw new UnauthenticatedException("sub is missing or empty");
    }
    if (subject.length() > MAX_UID_LENGTH) {
      throw new UnauthenticatedException("sub is longer than " + MAX_UID_LENGTH + " characters");
    }
    return new VerifiedIdToken(subject, authTime);
  }

  private static String subject(JWTClaimsSet claims) {
    try {
      return claims.getStringClaim("sub");
    } catch (ParseException e) {
      throw new UnauthenticatedException("sub is not a string");
    }
  }

  private static Instant authTime(JWTClaimsSet claims) {
    Date authTime;
    try {
      authTime = claims.getDateClaim("auth_time");
    } catch (ParseException e) {
      throw new UnauthenticatedException("auth_time is not a number");
    }
    if (authTime == null) {
      throw new UnauthenticatedException("auth_time is missing");
    }
    return authTime.toInstant();
  }
}
