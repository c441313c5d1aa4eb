package dev.veojobs.emulators.storage;

/**
 * A JSON API error, rendered the way production renders it:
 * {"error":{"code":N,"message":"…","errors":[{"message":"…","domain":"global","reason":"…"}]}}.
 * Handlers throw it; the router turns it into the response so no handler writes error bodies.
 */
final class StorageError extends RuntimeException {
  private final int status;
  private final String reason;
  private final String locationType;
  private final String location;

  private StorageError(int status, String reason, String message, String locationType, String location) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.locationType = locationType;
    this.location = location;
  }

  static StorageError of(int status, String reason, String message) {
    return new StorageError(status, reason, message, null, null);
  }

  static StorageError noSuchObject(String bucket, String name) {
    return of(404, "notFound", "No such object: " + bucket + "/" + name);
  }

  static StorageError noSuchBucket() {
    return of(404, "notFound", "The specified bucket does not exist.");
  }

  static StorageError conditionNotMet(String header) {
    return new StorageError(412, "conditionNotMet",
        "At least one of the pre-conditions you specified did not hold.", "header", header);
  }

  static StorageError invalid(String message) {
    return of(400, "invalid", message);
  }

  static StorageError required(String parameter) {
    return new StorageError(400, "required", "Required", "parameter", parameter);
  }

  static StorageError parseError() {
    return of(400, "parseError", "Parse Error");
  }

  static StorageError notImplemented(String method, String path) {
    return of(501, "notImplemented",
        "The Cloud Storage emulator does not implement " + method + " " + path);
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  /** Production names the failing precondition's header or parameter; null when it does not. */
  String locationType() {
    return locationType;
  }

  String location() {
    return location;
  }
}
