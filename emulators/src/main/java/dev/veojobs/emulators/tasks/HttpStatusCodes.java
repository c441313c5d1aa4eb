package dev.veojobs.emulators.tasks;

import com.google.rpc.Code;

/** Maps a target's HTTP status to the google.rpc.Code a task's last_attempt reports (per google/rpc/code.proto). */
final class HttpStatusCodes {
  private HttpStatusCodes() {}

  static Code toRpcCode(int status) {
    if (status >= 200 && status < 300) {
      return Code.OK;
    }
    return switch (status) {
      case 400 -> Code.INVALID_ARGUMENT;
      case 401 -> Code.UNAUTHENTICATED;
      case 403 -> Code.PERMISSION_DENIED;
      case 404 -> Code.NOT_FOUND;
      case 409 -> Code.ABORTED;
      case 416 -> Code.OUT_OF_RANGE;
      case 429 -> Code.RESOURCE_EXHAUSTED;
      case 499 -> Code.CANCELLED;
      case 501 -> Code.UNIMPLEMENTED;
      case 503 -> Code.UNAVAILABLE;
      case 504 -> Code.DEADLINE_EXCEEDED;
      default -> status >= 500 ? Code.INTERNAL : status >= 400 ? Code.FAILED_PRECONDITION : Code.UNKNOWN;
    };
  }
}
