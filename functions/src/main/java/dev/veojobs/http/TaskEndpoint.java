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
import java.util.Set;
import java.util.function.Function;

/**
 * A private function that Cloud Tasks calls. The status is the retry contract: 2xx stops the
 * queue (done, or a stale/duplicate delivery that changes nothing), 503 with Retry-After asks for
 * a retry, 400 marks a payload that can never succeed (the queue's max attempts bound its
 * retries, since Cloud Tasks retries every non-2xx), 500 is a bug and is retried too.
 *
 * <p>Every route first checks the caller's OIDC token (issuer, signature, audience = this function's
 * own URL, email = the invoker service account) with {@link TaskTokenVerifier}; Cloud Run's IAM check
 * comes on top in production. Any failure is 401 (never 403, so a prober learns nothing about which
 * claim was wrong); {@code X-CloudTasks-*} headers are only copied into the logs, never trusted.
 */
abstract class TaskEndpoint extends JsonEndpoint {
  /** When a step asks for a retry without saying when. */
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

  /** Reads the payload, checks its step is one this function runs, runs it and maps the result. */
  Reply runStep(Call call, Set<TaskPayload.Step> accepted, Function<TaskPayload, StepResult> step) {
    call.request().getFirstHeader("X-CloudTasks-TaskName").ifPresent(name -> call.tag("task_name", name));
    call.request().getFirstHeader("X-CloudTasks-TaskRetryCount").ifPresent(n -> call.tag("task_retry_count", n));
    // The codec the Cloud Tasks adapter writes with; a bad field is an InvalidRequestException, so a 400 naming it.
    TaskPayload payload = TaskPayloadJson.fromJson(RequestBodies.jsonBytes(call.request()));
    call.tag("job_id", payload.jobId());
    call.tag("step", payload.step().name());
    if (!accepted.contains(payload.step())) {
      throw ApiException.invalidField("step", "must be one of "
          + String.join(", ", accepted.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted().toList())
          + " for this function");
    }
    StepResult result;
    try {
      result = step.apply(payload);
    } catch (JobNotFoundException e) {
      // Jobs are written before their first task, so a task for a missing job can never succeed.
      call.log().warning("task for a job that does not exist");
      return Reply.json(200, new StepResource(StepResult.Kind.IGNORED.name(), "job not found"));
    }
    call.log().info("step " + result.kind().name().toLowerCase(Locale.ROOT), "detail", result.detail());
    if (result.kind() == StepResult.Kind.RETRY) {
      String message = result.detail() == null ? "The step will be retried" : "Retry: " + result.detail();
      throw new ApiException(ApiStatus.UNAVAILABLE, message)
          .retryAfter(result.retryAfter() == null ? DEFAULT_STEP_RETRY_AFTER : result.retryAfter());
    }
    return Reply.json(200, new StepResource(result.kind().name(), result.detail()));
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
