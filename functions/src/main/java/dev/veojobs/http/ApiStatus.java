package dev.veojobs.http;

/**
 * The error codes the HTTP API answers with, each bound to one HTTP status. Names follow
 * google.rpc.Code where one fits, so clients of Google APIs read them without a glossary.
 */
public enum ApiStatus {
  INVALID_ARGUMENT(400),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  /** An idempotency key already used with a different request. */
  ALREADY_EXISTS(409),
  /** The job is in a state that forbids the call (e.g. cancelling a finished job). */
  FAILED_PRECONDITION(409),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  RESOURCE_EXHAUSTED(429),
  INTERNAL(500),
  UNAVAILABLE(503);

  private final int httpStatus;

  ApiStatus(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
