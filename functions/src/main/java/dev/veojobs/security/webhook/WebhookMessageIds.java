package dev.veojobs.security.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * webhook-id values: {@code msg_} plus URL-safe base64, never a '.', which would make the signed
 * content {@code id.timestamp.body} ambiguous.
 */
public final class WebhookMessageIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private WebhookMessageIds() {}

  /** A fresh random id. */
  public static String random() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return "msg_" + ENCODER.encodeToString(bytes);
  }

  /**
   * The same id every time for one job's one event type, so a finalizer that runs twice enqueues
   * deliveries a receiver can deduplicate.
   */
  public static String forEvent(String jobId, String eventType) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((jobId + "\n" + eventType).getBytes(StandardCharsets.UTF_8));
      return "msg_" + ENCODER.encodeToString(Arrays.copyOf(digest, 18));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  static void requireValid(String messageId) {
    if (messageId == null || messageId.isEmpty() || messageId.length() > 256
        || !messageId.chars().allMatch(c -> c > ' ' && c <= '~' && c != '.')) {
      throw new IllegalArgumentException("a webhook id must be printable ASCII without '.' or spaces");
    }
  }
}
