package dev.veojobs.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Firebase-shaped ID token claims around a fixed "now", for tests to bend one claim at a time. */
final class IdTokens {
  static final String PROJECT = "veo-jobs-test";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String UID = "alice-uid-123";

  private IdTokens() {}

  static JWTClaimsSet.Builder valid() {
    return new JWTClaimsSet.Builder()
        .issuer("https://securetoken.google.com/" + PROJECT)
        .audience(PROJECT)
        .subject(UID)
        .claim("user_id", UID)
        .claim("auth_time", NOW.minusSeconds(600).getEpochSecond())
        .issueTime(Date.from(NOW.minusSeconds(300)))
        .expirationTime(Date.from(NOW.plusSeconds(3300)))
        .claim("firebase", Map.of("sign_in_provider", "password", "identities", Map.of()));
  }
}
