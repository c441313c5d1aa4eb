package dev.veojobs.security.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries per Standard Webhooks: {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>}
 * for every configured secret, space separated, so receivers keep verifying while a secret rotates.
 */
public final class WebhookSigner {
  private final List<WebhookSecret> secrets;

  /** {@code secrets} newest first, as WEBHOOK_SECRETS lists them. */
  public WebhookSigner(List<WebhookSecret> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** False when no secret is configured: nothing can be signed, so webhooks are off. */
  public boolean enabled() {
    return !secrets.isEmpty();
  }

  /**
   * Headers for one attempt. {@code messageId} stays the same across retries of one event (receivers
   * deduplicate on it); {@code attemptTime} is this attempt's time (receivers reject stale ones).
   */
  public WebhookHeaders sign(String messageId, Instant attemptTime, byte[] body) {
    long timestamp = attemptTime.getEpochSecond();
    return new WebhookHeaders(messageId, Long.toString(timestamp), signature(messageId, timestamp, body));
  }

  /** The webhook-signature header value. */
  public String signature(String messageId, long timestamp, byte[] body) {
    if (secrets.isEmpty()) {
      throw new IllegalStateException("no webhook secret is configured (WEBHOOK_SECRETS is empty)");
    }
    WebhookMessageIds.requireValid(messageId);
    byte[] prefix = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    StringJoiner header = new StringJoiner(" ");
    for (WebhookSecret secret : secrets) {
      header.add("v1," + Base64.getEncoder().encodeToString(hmac(secret.key(), prefix, body)));
    }
    return header.toString();
  }

  private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
