package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.firestore.FirestoreException;
import dev.veojobs.job.IllegalTransitionException;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobTransition;
import dev.veojobs.job.RetryableFailure;
import io.grpc.Status;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FirestoreErrorsTest {

  @Test
  void contentionAndOutagesAreRetryable() {
    for (Status.Code code : new Status.Code[] {Status.Code.ABORTED, Status.Code.UNAVAILABLE,
        Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.INTERNAL}) {
      var api = ApiExceptionFactory.createException(null, GrpcStatusCode.of(code), true);
      assertThat(FirestoreErrors.translate(new ExecutionException(api))).isInstanceOf(RetryableFailure.class);
      assertThat(FirestoreErrors.translate(FirestoreException.forApiException(api)))
          .isInstanceOf(RetryableFailure.class);
    }
    assertThat(FirestoreErrors.translate(FirestoreException.forServerRejection(Status.ABORTED, "contention")))
        .isInstanceOf(RetryableFailure.class);
  }

  @Test
  void aRejectionIsNotRetryable() {
    var api = ApiExceptionFactory.createException(null, GrpcStatusCode.of(Status.Code.FAILED_PRECONDITION), false);
    assertThat(FirestoreErrors.translate(api)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FAILED_PRECONDITION");
  }

  @Test
  void theChangesOwnExceptionPassesThroughAsItIs() {
    var illegal = new IllegalTransitionException(JobTransition.COMPLETE, JobStage.QUEUED);
    assertThat(FirestoreErrors.translate(new ExecutionException(illegal))).isSameAs(illegal);
    var retry = new RetryableFailure("busy");
    assertThat(FirestoreErrors.translate(retry)).isSameAs(retry);
  }
}
