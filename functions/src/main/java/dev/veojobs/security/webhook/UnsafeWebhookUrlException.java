package dev.veojobs.security.webhook;

/** A webhook URL the server must not call; {@link #getMessage()} is safe to show the job's owner. */
public final class UnsafeWebhookUrlException extends RuntimeException {
  public UnsafeWebhookUrlException(String reason) {
    super(reason, null, false, false);
  }
}
