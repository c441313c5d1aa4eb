package dev.veojobs.gcp;

import java.util.regex.Pattern;

/**
 * Veo's messages made fit for a user: resource paths, bucket and web addresses, e-mail
 * addresses and long ids removed, whitespace collapsed, length bounded. What remains is a
 * summary; the full text never leaves the adapter.
 */
final class VeoMessages {
  static final int MAX_LENGTH = 200;
  private static final Pattern SECRETS = Pattern.compile(
      "(projects/\\S+|gs://\\S+|https?://\\S+|[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+|\\b[0-9a-fA-F-]{16,}\\b)");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private VeoMessages() {}

  static String sanitize(String message, String fallback) {
    if (message == null) {
      return fallback;
    }
    String s = SECRETS.matcher(message).replaceAll("[…]");
    s = SPACE.matcher(s).replaceAll(" ").trim();
    if (s.isEmpty() || s.equals("[…]")) {
      return fallback;
    }
    return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 1) + "…";
  }
}
