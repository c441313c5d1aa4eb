package dev.veojobs.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of the logs. Two nets: a field whose name says it holds a secret is
 * replaced whole; inside any text, signed URLs lose their query string and bearer tokens, JWTs,
 * private keys and API keys are masked. Applied to messages, fields and stack traces alike,
 * because exception messages from client libraries quote URLs and headers.
 */
public final class Redactor {
  public static final String REDACTED = "[REDACTED]";

  private static final List<String> SECRET_NAME_PARTS = List.of(
      "authorization", "token", "secret", "password", "passwd", "cookie", "credential", "signature",
      "private_key", "privatekey", "api_key", "apikey", "signing_key", "access_key", "client_secret");
  /** Names ending in "key" are secret unless listed here (an idempotency key is just a request id). */
  private static final Set<String> PUBLIC_KEY_NAMES = Set.of("idempotency_key");

  private static final Pattern SIGNED_URL = Pattern.compile(
      "(?i)(https?://[^\\s\"'<>?]+)\\?[^\\s\"'<>]*(x-goog-signature|x-goog-credential|x-amz-signature"
          + "|googleaccessid=|[?&]signature=)[^\\s\"'<>]*");
  private static final Pattern SIGNATURE_PARAM = Pattern.compile(
      "(?i)(x-goog-signature|x-goog-credential|x-amz-signature|signature)=[^&\\s\"'<>]+");
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
  private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", Pattern.DOTALL);
  private static final Pattern GOOGLE_API_KEY = Pattern.compile("AIza[0-9A-Za-z_-]{35}");

  private Redactor() {}

  /** True when a field of this name must never be logged. */
  public static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
    if (PUBLIC_KEY_NAMES.contains(n)) {
      return false;
    }
    for (String part : SECRET_NAME_PARTS) {
      if (n.contains(part)) {
        return true;
      }
    }
    return n.endsWith("key");
  }

  /** Masks credentials inside free text. */
  public static String text(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    String out = PRIVATE_KEY.matcher(value).replaceAll(Matcher.quoteReplacement("[REDACTED private key]"));
    out = SIGNED_URL.matcher(out).replaceAll("$1?" + Matcher.quoteReplacement(REDACTED));
    out = SIGNATURE_PARAM.matcher(out).replaceAll("$1=" + Matcher.quoteReplacement(REDACTED));
    out = BEARER.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
    out = JWT.matcher(out).replaceAll(Matcher.quoteReplacement("[REDACTED jwt]"));
    out = GOOGLE_API_KEY.matcher(out).replaceAll(Matcher.quoteReplacement("[REDACTED api key]"));
    return out;
  }

  /** A copy of {@code value} fit for a log line: maps and lists recursively, secrets masked. */
  public static Object value(String name, Object value) {
    if (value == null) {
      return null;
    }
    if (name != null && isSecretName(name)) {
      return REDACTED;
    }
    if (value instanceof CharSequence s) {
      return text(s.toString());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), value(String.valueOf(k), v)));
      return copy;
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(value(null, v)));
      return copy;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return text(value.toString());
  }
}
