package dev.veojobs.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import dev.veojobs.job.RetryableFailure;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what the Firestore client throws into what the use cases understand. Contention and
 * outages become {@link RetryableFailure} (the step answers 503 and Cloud Tasks retries); an
 * exception thrown by a {@link dev.veojobs.app.JobChange} passes through unchanged.
 */
final class FirestoreErrors {
  /** The codes Google's guidance says to retry with backoff. */
  static final Set<String> RETRYABLE =
      Set.of("ABORTED", "UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "INTERNAL");

  private FirestoreErrors() {}

  /** A Firestore call that may block on a future. */
  interface Call<T> {
    T call() throws Exception;
  }

  /** Runs {@code call}, turning what Firestore throws into the store's retryable or permanent failures. */
  static <T> T await(Call<T> call) {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableFailure("interrupted while waiting for Firestore", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    } catch (Exception e) {
      throw translate(e);
    }
  }

  static RuntimeException translate(Throwable thrown) {
    Throwable t = unwrap(thrown);
    String code = statusCode(t);
    if (code == null) {
      // Not the client's: the change's own exception (or a programming error) as it was thrown.
      return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
    }
    if (RETRYABLE.contains(code)) {
      return new RetryableFailure("Firestore is unavailable or contended (" + code + ")", t);
    }
    return new IllegalStateException("Firestore rejected the request (" + code + ")", t);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The gRPC status of the first client exception in the chain, or null when there is none. */
  static String statusCode(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApiException api) {
        return api.getStatusCode().getCode().name();
      }
      if (c instanceof FirestoreException fe && fe.getStatus() != null) {
        return fe.getStatus().getCode().name();
      }
      if (!(c instanceof FirestoreException || c instanceof ExecutionException
          || c instanceof CompletionException)) {
        return null;
      }
    }
    return null;
  }
}
