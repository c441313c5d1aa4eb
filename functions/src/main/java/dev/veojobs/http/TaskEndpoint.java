package dev.veojobs.http;

import dev.veojobs.app.JobNotFoundException;
import dev.veojobs.app.StepResult;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.log.JsonLog;
import dev.veojobs.security.TaskTokenVerifier;
import dev.veojobs.security.UnauthenticatedException;
import dev.veojobs.wire.TaskPayloadJson;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A private function that Cloud Tasks calls. The status is the retry contract: 2xx stops the
 * queue (done, or a stale/duplicate delivery that changes nothing), 503 with Retry-After asks for
 * a retry (a step threw {@link dev.veojobs.job.RetryableFailure}), 400 marks a payload that can never succeed (the queue's max attempts bound its
 * retries, since Cloud Tasks retries every non-2xx), 500 is a bug and is retried too.
 *
 * <p>Every route first checks the caller's OIDC token (issuer, signature, audience = this function's
 * own URL, email = the invoker service account) with {@link TaskTokenVerifier}; Cloud Run's IAM check
 * comes on top in production. Any failure is 401 (never 403, so a prober learns nothing about which
 * claim was wrong); {@code X-CloudTasks-*} headers are only copied into the logs, never trusted.
 */
abstract class TaskEndpoint extends JsonEndpoint {
  /** When a step's transient failure does not say when to retry. */
  static final Duration DEFAULT_STEP_RETRY_AFTER = Duration.ofSeconds(10);

  /** The public 401 message of the private functions. */
  static final String UNAUTHENTICATED_MESSAGE = "A valid OIDC token for this service is required";

  private final TaskTokenVerifier verifier;

  TaskEndpoint(TaskTokenVerifier verifier, JsonLog log) {
    super(log);
    this.verifier = verifier;
  }

  void requirePost(Call call) {
    if (!call.request().getMethod().equalsIgnoreCase("POST")) {
      throw new ApiException(ApiStatus.METHOD_NOT_ALLOWED, call.request().getMethod() + " is not allowed here")
          .withHeader("Allow", "POST");
    }
  }

  void authenticate(Call call) {
    try {
      verifier.verify(call.request().getFirstHeader("Authorization").orElse(null));
    } catch (UnauthenticatedException e) {
      call.log().warning("task caller not authenticated", "reason", e.reason());
      throw new ApiException(ApiStatus.UNAUTHENTICATED, UNAUTHENTICATED_MESSAGE)
          .withHeader("WWW-Authenticate", "Bearer");
    }
  }

  /**
   * Reads the payload and runs the handler of its step: the one place a task's step is checked
   * against what this function runs (another step is a 400 naming {@code step}). A
   * {@link dev.veojobs.job.RetryableFailure} from the handler propagates to {@link JsonEndpoint},
   * which answers 503 with {@code Retry-After}.
   */
  Reply runStep(Call call, Map<TaskPayload.Step, Function<TaskPayload, StepResult>> handlers) {
    call.request().getFirstHeader("X-CloudTasks-TaskName").ifPresent(name -> call.tag("task_name", name));
    call.request().getFirstHeader("X-CloudTasks-TaskRetryCount").ifPresent(n -> call.tag("task_retry_count", n));
    // The codec the Cloud Tasks adapter writes with; a bad field is an InvalidRequestException, so a 400 naming it.
    TaskPayload payload = TaskPayloadJson.fromJson(RequestBodies.jsonBytes(call.request()));
    call.tag("job_id", payload.jobId());
    call.tag("step", payload.step().name());
    Function<TaskPayload, StepResult> handler = handlers.get(payload.step());
    if (handler == null) {
      throw ApiException.invalidField("step", "must be one of "
          + String.join(", ", handlers.keySet().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted().toList())
          + " for this function");
    }
    StepResult result;
    try {
      result = handler.apply(payload);
    } catch (JobNotFoundException e) {
      // Jobs are written before their first task, so a task for a job gone mid-step can never succeed.
      result = StepResult.ignored(StepResult.Reason.NOT_FOUND, "job not found");
    }
    call.log().info("step " + result.kind().name().toLowerCase(Locale.ROOT), "reason", result.reason(),
        "detail", result.detail());
    return Reply.json(200, StepResource.of(result));
  }

  /** Cloud Tasks backs off by the queue's policy too; this is the hint when a step did not say when. */
  @Override
  Duration transientRetryAfter() {
    return DEFAULT_STEP_RETRY_AFTER;
  }

  static boolean isPath(String path, String... accepted) {
    String p = path == null || path.isEmpty() ? "/" : path;
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    for (String a : accepted) {
      if (a.equals(p)) {
        return true;
      }
    }
    return false;
  }
}
