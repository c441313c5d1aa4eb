package dev.veojobs.security.upload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The per-user upload prefix {@code uploads/{segment}/}. Ordinary Firebase uids are used as is; a uid
 * with any other character (a custom uid may hold '/', "..", '%') becomes {@code ~} plus its SHA-256,
 * so no uid's prefix can ever contain another's.
 */
public final class UploadPaths {
  static final String ROOT = "uploads/";
  private static final Pattern PLAIN_UID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private UploadPaths() {}

  /** {@code uploads/{segment}/} for {@code uid}. */
  public static String userPrefix(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("uid is required");
    }
    return ROOT + segment(uid) + "/";
  }

  private static String segment(String uid) {
    if (PLAIN_UID.matcher(uid).matches()) {
      return uid;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
      return "~" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
