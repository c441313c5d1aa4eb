package dev.veojobs.emulators.firestore;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The gRPC errors the emulator answers with, worded as production Firestore words them. */
final class FirestoreErrors {
  private FirestoreErrors() {}

  static StatusRuntimeException invalidArgument(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String documentName) {
    return Status.ALREADY_EXISTS.withDescription("Document already exists: " + documentName).asRuntimeException();
  }

  static StatusRuntimeException noDocumentToUpdate(String documentName) {
    return Status.NOT_FOUND.withDescription("No document to update: " + documentName).asRuntimeException();
  }

  static StatusRuntimeException failedPrecondition(String message) {
    return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException contention() {
    return Status.ABORTED
        .withDescription(
            "Aborted due to cross-transaction contention. This occurs when multiple transactions attempt to"
                + " access the same data, requiring Firestore to abort at least one in order to enforce"
                + " serializability.")
        .asRuntimeException();
  }

  static StatusRuntimeException expiredTransaction() {
    return invalidArgument("The referenced transaction has expired or is no longer valid.");
  }

  static StatusRuntimeException unimplemented(String method) {
    return Status.UNIMPLEMENTED
        .withDescription("Method google.firestore.v1.Firestore/" + method
            + " is not implemented by the Veo Jobs Firestore emulator")
        .asRuntimeException();
  }
}
