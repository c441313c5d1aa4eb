package dev.veojobs.emulators.storage;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a V4 signed URL request (GOOG4-RSA-SHA256) the way Cloud Storage does: rebuild the
 * canonical request from what actually arrived (verb, path, query, signed headers), hash it into
 * the string-to-sign, and verify the RSA signature with the public key trusted for the
 * credential's service account. Expiry is judged by the emulator clock.
 */
final class V4SignedRequest {
  static final String ALGORITHM = "GOOG4-RSA-SHA256";
  private static final long MAX_EXPIRES_SECONDS = 604_800;
  private static final DateTimeFormatter GOOG_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter EXPIRED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
  private static final List<String> REQUIRED = List.of("X-Goog-Algorithm", "X-Goog-Credential",
      "X-Goog-Date", "X-Goog-Expires", "X-Goog-SignedHeaders", "X-Goog-Signature");

  private V4SignedRequest() {}

  /** Whether the request carries V4 query-string authentication at all. */
  static boolean isSigned(Query query) {
    return REQUIRED.stream().anyMatch(name -> query.firstIgnoreCase(name) != null);
  }

  /** Throws an {@link XmlError} unless the request is an unexpired, correctly signed V4 request. */
  static void verify(HttpExchange exchange, Query query, Map<String, PublicKey> trustedSigners, Instant now) {
    for (String name : REQUIRED) {
      if (query.firstIgnoreCase(name) == null) {
        throw parameterError("Query-string authentication version 4 requires the X-Goog-Algorithm,"
            + " X-Goog-Credential, X-Goog-Signature, X-Goog-Date, X-Goog-SignedHeaders, and X-Goog-Expires"
            + " parameters.");
      }
    }
    String algorithm = query.firstIgnoreCase("X-Goog-Algorithm");
    if (!ALGORITHM.equals(algorithm)) {
      throw parameterError("Unsupported signing algorithm: " + algorithm + " (the emulator verifies "
          + ALGORITHM + ")");
    }
    String date = query.firstIgnoreCase("X-Goog-Date");
    Instant signedAt;
    try {
      signedAt = Instant.from(GOOG_DATE.parse(date));
    } catch (DateTimeParseException e) {
      throw XmlError.of(400, "MalformedSecurityHeader", "Your request has a malformed header.",
          "Invalid X-Goog-Date: " + date);
    }
    long expires;
    try {
      expires = Long.parseLong(query.firstIgnoreCase("X-Goog-Expires"));
    } catch (NumberFormatException e) {
      throw XmlError.of(400, "MalformedSecurityHeader", "Your request has a malformed header.",
          "Invalid X-Goog-Expires: " + query.firstIgnoreCase("X-Goog-Expires"));
    }
    if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
      throw parameterError("Query-string authentication version 4 requires the X-Goog-Expires parameter"
          + " to be a number of seconds from 1 to " + MAX_EXPIRES_SECONDS + ".");
    }
    Instant expiresAt = signedAt.plusSeconds(expires);
    if (now.isAfter(expiresAt)) {
      throw XmlError.expired(EXPIRED_AT.format(expiresAt));
    }
    String credential = query.firstIgnoreCase("X-Goog-Credential");
    int slash = credential.indexOf('/');
    if (slash <= 0) {
      throw parameterError("Invalid X-Goog-Credential: " + credential);
    }
    String email = credential.substring(0, slash);
    String scope = credential.substring(slash + 1);
    String signatureHex = query.firstIgnoreCase("X-Goog-Signature");

    String rawPath = exchange.getRequestURI().getRawPath();
    String normalizedPath = normalizePath(rawPath);
    String canonicalRequest = canonicalRequest(exchange, query, rawPath);
    String stringToSign = stringToSign(date, scope, canonicalRequest);
    PublicKey key = trustedSigners.get(email);
    if (key != null && (verifies(key, stringToSign, signatureHex)
        || (!normalizedPath.equals(rawPath)
            && verifies(key, stringToSign(date, scope, canonicalRequest(exchange, query, normalizedPath)),
                signatureHex)))) {
      return;
    }
    throw XmlError.signatureDoesNotMatch(stringToSign, canonicalRequest);
  }

  static String canonicalRequest(HttpExchange exchange, Query query, String path) {
    List<String> signedHeaders = List.of(query.firstIgnoreCase("X-Goog-SignedHeaders")
        .toLowerCase(Locale.ROOT).split(";"));
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders) {
      List<String> values = exchange.getRequestHeaders().get(name);
      String value = values == null ? "" : String.join(",", values.stream().map(V4SignedRequest::collapse).toList());
      headers.append(name).append(':').append(value).append('\n');
    }
    String payload = query.firstIgnoreCase("X-Goog-Content-SHA256");
    if (payload == null) {
      payload = exchange.getRequestHeaders().getFirst("X-Goog-Content-SHA256");
    }
    return exchange.getRequestMethod() + "\n"
        + path + "\n"
        + canonicalQuery(query) + "\n"
        + headers + "\n"
        + String.join(";", signedHeaders) + "\n"
        + (payload == null ? "UNSIGNED-PAYLOAD" : payload);
  }

  static String stringToSign(String date, String scope, String canonicalRequest) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8));
      return ALGORITHM + "\n" + date + "\n" + scope + "\n" + HexFormat.of().formatHex(hash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  private static String canonicalQuery(Query query) {
    List<String[]> pairs = new ArrayList<>();
    for (Map.Entry<String, String> pair : query.pairs()) {
      if (!pair.getKey().equalsIgnoreCase("X-Goog-Signature")) {
        pairs.add(new String[] {Rfc3986.encode(pair.getKey(), false), Rfc3986.encode(pair.getValue(), false)});
      }
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    return String.join("&", pairs.stream().map(p -> p[0] + "=" + p[1]).toList());
  }

  /** The path re-encoded segment by segment, for signers that escape fewer characters than RFC 3986. */
  private static String normalizePath(String rawPath) {
    return Rfc3986.encode(Rfc3986.decode(rawPath, false), true);
  }

  private static String collapse(String value) {
    return value.trim().replaceAll("\\s+", " ");
  }

  private static boolean verifies(PublicKey key, String stringToSign, String signatureHex) {
    try {
      byte[] signature = HexFormat.of().parseHex(signatureHex.trim());
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update(stringToSign.getBytes(StandardCharsets.UTF_8));
      return rsa.verify(signature);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  private static XmlError parameterError(String message) {
    return XmlError.of(400, "AuthorizationQueryParametersError", message, null);
  }
}
