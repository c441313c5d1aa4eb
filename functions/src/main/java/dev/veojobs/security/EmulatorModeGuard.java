package dev.veojobs.security;

import java.util.List;
import java.util.Map;

/**
 * Keeps unsigned-token mode off deployed functions: Cloud Run sets these variables on every service
 * and job, and no local run does, so their presence means "deployed" and the instance must not start.
 */
public final class EmulatorModeGuard {
  /** Set by Cloud Run on services (K_*) and jobs (CLOUD_RUN_JOB). */
  static final List<String> CLOUD_RUN_VARIABLES = List.of("K_SERVICE", "K_REVISION", "K_CONFIGURATION", "CLOUD_RUN_JOB");

  private EmulatorModeGuard() {}

  /** Throws {@link IllegalStateException} when {@code env} looks like Cloud Run. */
  public static void check(Map<String, String> env) {
    for (String name : CLOUD_RUN_VARIABLES) {
      if (env.containsKey(name)) {
        throw new IllegalStateException(
            "emulator auth mode refuses to run on Cloud Run (" + name + " is set); use AUTH_MODE=firebase");
      }
    }
  }
}
