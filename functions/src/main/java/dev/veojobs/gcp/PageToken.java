package dev.veojobs.gcp;

import dev.veojobs.job.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque cursor of a job list: the creation time and id of the last job on a page. Clients
 * see URL-safe base64 and must not build it themselves; a token that does not decode is a bad
 * request naming {@code page_token}.
 */
record PageToken(Instant createdAt, String jobId) {
  private static final String VERSION = "v1";

  String encode() {
    String raw = VERSION + ":" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + jobId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static PageToken decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", 4);
      if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
        throw new IllegalArgumentException("malformed");
      }
      Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
      return new PageToken(createdAt, parts[3]);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new InvalidRequestException("page_token", "is not a token this API returned");
    }
  }
}
