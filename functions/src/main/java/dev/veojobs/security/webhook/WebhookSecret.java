package dev.veojobs.security.webhook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One symmetric signing secret in Standard Webhooks form: {@code whsec_} followed by the base64 of
 * 24 to 64 random bytes. Its {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
  static final String PREFIX = "whsec_";
  static final int MIN_BYTES = 24;
  static final int MAX_BYTES = 64;

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /** Parses {@code whsec_<base64>}; the message never echoes the secret. */
  public static WebhookSecret parse(String serialized) {
    String value = serialized == null ? "" : serialized.strip();
    if (!value.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret must be " + PREFIX + " followed by base64");
    }
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret must hold " + MIN_BYTES + " to " + MAX_BYTES + " bytes, not " + key.length);
    }
    return new WebhookSecret(key);
  }

  /** WEBHOOK_SECRETS: comma separated, newest first; blank means no secrets (webhooks off). */
  public static List<WebhookSecret> parseList(String commaSeparated) {
    List<WebhookSecret> secrets = new ArrayList<>();
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return secrets;
    }
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        secrets.add(parse(part));
      }
    }
    return List.copyOf(secrets);
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookSecret that && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "WebhookSecret[" + key.length + " bytes]";
  }
}
