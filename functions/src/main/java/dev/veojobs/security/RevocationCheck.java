package dev.veojobs.security;

import java.time.Instant;

/** Tells whether a user's tokens issued at {@code authTime} have been revoked since (or the user is gone). */
@FunctionalInterface
public interface RevocationCheck {

  /**
   * True when the token must be refused: the user revoked sessions after {@code authTime}, was
   * disabled, or no longer exists. Throws {@link AuthServiceUnavailableException} when unknown.
   */
  boolean isRevoked(String uid, Instant authTime);

  /** For setups without an account service (unit tests, the official Auth emulator without one). */
  static RevocationCheck disabled() {
    return (uid, authTime) -> false;
  }
}
