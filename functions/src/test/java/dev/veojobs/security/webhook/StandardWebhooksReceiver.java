package dev.veojobs.security.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check written from the Standard Webhooks spec alone, sharing no code with the signer:
 * decode the whsec_ secret, HMAC-SHA256 "{id}.{timestamp}.{body}", compare in constant time against
 * each space-separated "v1,<base64>" entry, and refuse timestamps outside a tolerance window.
 * Public for the chaos harness's receiver, which checks every delivery it records the same way.
 */
public final class StandardWebhooksReceiver {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final byte[] key;

  public StandardWebhooksReceiver(String whsecSecret) {
    if (!whsecSecret.startsWith("whsec_")) {
      throw new IllegalArgumentException("not a whsec_ secret");
    }
    this.key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
  }

  public boolean verify(String id, String timestamp, String signatureHeader, byte[] body, Instant now) {
    if (id == null || timestamp == null || signatureHeader == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return false;
    }
    byte[] expected = expected(id, timestamp, body);
    for (String entry : signatureHeader.split(" ")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] candidate;
      try {
        candidate = Base64.getDecoder().decode(entry.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, candidate)) {
        return true;
      }
    }
    return false;
  }

  private byte[] expected(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signedContent = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      return mac.doFinal(signedContent);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
