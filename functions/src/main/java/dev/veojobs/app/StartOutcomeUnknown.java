package dev.veojobs.app;

/**
 * Veo's answer to a start did not say whether it accepted the request (a 5xx, a read timeout, a
 * connection lost after the request was sent, an answer without an operation name). The operation
 * may exist and be billed, so the start must be reconciled, never simply repeated.
 */
public final class StartOutcomeUnknown extends RuntimeException {
  public StartOutcomeUnknown(String message, Throwable cause) {
    super(message, cause);
  }
}
