package dev.veojobs.security.webhook;

import java.time.Duration;

/**
 * How one delivery attempt ended. {@link Outcome#RETRYABLE} asks the caller (a Cloud Tasks handler) to
 * answer 503/429 so the queue retries with backoff; {@link Outcome#PERMANENT} ends the delivery.
 *
 * @param status the receiver's HTTP status, or 0 when no response arrived
 * @param retryAfter the receiver's Retry-After, or null
 */
public record DeliveryResult(Outcome outcome, int status, String detail, Duration retryAfter) {

  public enum Outcome {
    DELIVERED,
    RETRYABLE,
    PERMANENT
  }

  public boolean delivered() {
    return outcome == Outcome.DELIVERED;
  }

  static DeliveryResult delivered(int status) {
    return new DeliveryResult(Outcome.DELIVERED, status, "delivered", null);
  }

  static DeliveryResult retryable(int status, String detail, Duration retryAfter) {
    return new DeliveryResult(Outcome.RETRYABLE, status, detail, retryAfter);
  }

  static DeliveryResult permanent(int status, String detail) {
    return new DeliveryResult(Outcome.PERMANENT, status, detail, null);
  }
}
