package dev.veojobs.config;

import java.util.Locale;

/** How jobs-api learns who is calling (the {@code AUTH_MODE} setting). */
public enum AuthMode {
  /** Firebase ID tokens, verified against Google's keys. The production mode. */
  FIREBASE,
  /** Unsigned tokens from the Firebase Auth emulator. Refused on Cloud Run. */
  EMULATOR;

  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
