package dev.veojobs.emulators.stack;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Unsigned ({@code alg: none}) ID tokens shaped like the official Firebase Auth emulator's, which
 * the jobs-api accepts only with {@code AUTH_MODE=emulator}. The claims follow production ID
 * tokens, so the same checks (issuer, audience, times, subject) run locally.
 */
public final class EmulatorIdTokens {
  static final Duration LIFETIME = Duration.ofHours(1);

  private EmulatorIdTokens() {}

  /** A token for {@code uid} in {@code projectId}, issued at {@code now} (the stack's clock). */
  public static String forUser(String projectId, String uid, Instant now) {
    Date issued = Date.from(now);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer("https://securetoken.google.com/" + projectId)
        .audience(projectId)
        .subject(uid)
        .issueTime(issued)
        .expirationTime(Date.from(now.plus(LIFETIME)))
        .claim("auth_time", issued.getTime() / 1000)
        .claim("user_id", uid)
        .claim("firebase", Map.of("identities", Map.of(), "sign_in_provider", "custom"))
        .build();
    return new PlainJWT(claims).serialize();
  }

  /** The browser-side twin of {@link #forUser}, for the generated {@code config.js}. */
  static String javascriptFunction(String projectId) {
    String issuer = "https://securetoken.google.com/" + projectId;
    return """
        async (uid) => {
            const b64 = (o) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\\+/g, "-").replace(/\\//g, "_");
            const now = Math.floor((Date.now() + (window.VEO_JOBS_CONFIG.clockOffsetMs || 0)) / 1000);
            return b64({ alg: "none", typ: "JWT" }) + "." + b64({
              iss: "%s", aud: "%s", sub: uid, user_id: uid,
              iat: now, exp: now + %d, auth_time: now,
              firebase: { identities: {}, sign_in_provider: "custom" },
            }) + ".";
          }""".formatted(issuer, projectId, LIFETIME.toSeconds());
  }
}
