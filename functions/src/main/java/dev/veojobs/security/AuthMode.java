package dev.veojobs.security;

import java.util.Locale;

/** The AUTH_MODE setting: which kind of ID token {@code jobs-api} accepts. */
public enum AuthMode {
  /** Firebase Auth ID tokens signed by Google (or by the local Auth emulator's key via its JWKS URL). */
  FIREBASE,
  /** Unsigned tokens of the official Firebase Auth emulator; refused on Cloud Run by {@link EmulatorModeGuard}. */
  EMULATOR;

  /** Parses "firebase" or "emulator" (any case). */
  public static AuthMode parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("AUTH_MODE is not set; expected firebase or emulator");
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "firebase" -> FIREBASE;
      case "emulator" -> EMULATOR;
      default -> throw new IllegalArgumentException("AUTH_MODE must be firebase or emulator, not " + value);
    };
  }
}
