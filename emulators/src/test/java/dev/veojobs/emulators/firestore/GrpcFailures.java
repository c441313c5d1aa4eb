package dev.veojobs.emulators.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Digs the status the server sent out of whatever the official client wrapped it in. */
final class GrpcFailures {
  private GrpcFailures() {}

  static Status statusOf(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the call should have failed").isNotNull();
    return statusOf(thrown);
  }

  /** The innermost gRPC status (the one off the wire), else what the client reported. */
  static Status statusOf(Throwable thrown) {
    Status reported = null;
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException sre) {
        return sre.getStatus();
      }
      if (reported == null && t instanceof FirestoreException fe && fe.getStatus() != null) {
        reported = fe.getStatus();
      }
      if (reported == null && t instanceof ApiException api) {
        reported = Status.fromCode(Status.Code.valueOf(api.getStatusCode().getCode().name()))
            .withDescription(api.getMessage());
      }
    }
    if (reported == null) {
      throw new AssertionError("no gRPC status in " + thrown, thrown);
    }
    return reported;
  }
}
