package dev.veojobs.emulators.veo;

/**
 * A failure answered as Google's JSON error body, {@code {"error":{"code","message","status"}}},
 * with the matching HTTP status.
 */
final class GoogleApiError extends RuntimeException {
  private final int httpStatus;
  private final String status;

  GoogleApiError(int httpStatus, String status, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.status = status;
  }

  static GoogleApiError invalidArgument(String message) {
    return new GoogleApiError(400, "INVALID_ARGUMENT", message);
  }

  static GoogleApiError unauthenticated(String message) {
    return new GoogleApiError(401, "UNAUTHENTICATED", message);
  }

  static GoogleApiError notFound(String message) {
    return new GoogleApiError(404, "NOT_FOUND", message);
  }

  static GoogleApiError resourceExhausted(String message) {
    return new GoogleApiError(429, "RESOURCE_EXHAUSTED", message);
  }

  static GoogleApiError unimplemented(String message) {
    return new GoogleApiError(501, "UNIMPLEMENTED", message);
  }

  int httpStatus() {
    return httpStatus;
  }

  String status() {
    return status;
  }
}
