package dev.veojobs.emulators.auth;

import java.time.Instant;

/** One emulated account: tokens with auth_time before {@code validSince} (whole seconds) are revoked. */
record AuthUser(String localId, Instant createdAt, Instant lastLoginAt, long validSinceSeconds, boolean disabled) {

  static AuthUser created(String localId, Instant now) {
    return new AuthUser(localId, now, now, now.getEpochSecond(), false);
  }

  AuthUser signedIn(Instant now) {
    return new AuthUser(localId, createdAt, now, validSinceSeconds, disabled);
  }

  AuthUser revokedAt(Instant now) {
    return new AuthUser(localId, createdAt, lastLoginAt, now.getEpochSecond(), disabled);
  }

  AuthUser withDisabled(boolean value) {
    return new AuthUser(localId, createdAt, lastLoginAt, validSinceSeconds, value);
  }
}
