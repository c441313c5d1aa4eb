package dev.veojobs.http;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.util.Date;

/** Tokens shaped like the Firebase Auth emulator's: unsigned ({@code alg: none}), uid in user_id and sub. */
public final class EmulatorTokens {
  private EmulatorTokens() {}

  public static String forUid(String uid) {
    Date now = new Date();
    return new PlainJWT(new JWTClaimsSet.Builder()
        .issuer("https://securetoken.google.com/demo-veo-jobs")
        .audience("demo-veo-jobs")
        .subject(uid)
        .claim("user_id", uid)
        .claim("auth_time", now.getTime() / 1000)
        .issueTime(now)
        .expirationTime(new Date(now.getTime() + 3_600_000))
        .claim("firebase", java.util.Map.of("sign_in_provider", "anonymous"))
        .build()).serialize();
  }
}
