package dev.veojobs.http;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.veojobs.app.JobAlreadyTerminalException;
import dev.veojobs.app.JobNotFoundException;
import dev.veojobs.app.SourceJobNotCompletedException;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.IllegalTransitionException;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.log.JsonLog;
import dev.veojobs.log.Severity;
import dev.veojobs.security.AuthServiceUnavailableException;
import dev.veojobs.security.UnauthenticatedException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the three functions share: security headers on every response, one JSON error shape,
 * the mapping from domain exceptions to statuses, and one access log line per request carrying
 * the request's trace. Subclasses only route and call a use case.
 */
abstract class JsonEndpoint implements HttpFunction {
  /** How long a caller should wait after a transient failure of ours. */
  static final Duration TRANSIENT_RETRY_AFTER = Duration.ofSeconds(5);

  private final JsonLog log;

  JsonEndpoint(JsonLog log) {
    this.log = log;
  }

  /** Decides the reply; throwing is fine, {@link #toApiException} maps it. */
  abstract Reply handle(Call call) throws Exception;

  /** The Retry-After of a transient failure that did not say when; task endpoints wait longer. */
  Duration transientRetryAfter() {
    return TRANSIENT_RETRY_AFTER;
  }

  /** Headers that belong on every response of this function, errors included. */
  void decorate(HttpRequest request, HttpResponse response) {}

  @Override
  public final void service(HttpRequest request, HttpResponse response) throws IOException {
    long started = System.nanoTime();
    Call call = new Call(request, log.forRequest(request.getHeaders()));
    SecurityHeaders.apply(response);
    decorate(request, response);
    Reply reply;
    try {
      reply = handle(call);
    } catch (Exception e) {
      reply = Reply.error(toApiException(e, call.log(), transientRetryAfter()));
    }
    reply.writeTo(response);
    logAccess(call, reply.status(), Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * The one mapping from exceptions to answers. A {@link RetryableFailure} is 503 with its own
   * Retry-After, or {@code transientRetryAfter} when it gives none.
   */
  static ApiException toApiException(Exception e, JsonLog log, Duration transientRetryAfter) {
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof UnauthenticatedException u) {
      log.warning("caller not authenticated", "reason", u.reason());
      return new ApiException(ApiStatus.UNAUTHENTICATED, UnauthenticatedException.PUBLIC_MESSAGE)
          .withHeader("WWW-Authenticate", "Bearer");
    }
    if (e instanceof AuthServiceUnavailableException) {
      log.warning("authentication service unavailable", "error", e.getMessage());
      return new ApiException(ApiStatus.UNAVAILABLE, "Sign-in could not be checked right now; retry after Retry-After")
          .retryAfter(TRANSIENT_RETRY_AFTER);
    }
    if (e instanceof InvalidRequestException invalid) {
      return invalid(invalid.violations());
    }
    if (e instanceof JobNotFoundException) {
      return new ApiException(ApiStatus.NOT_FOUND, "Job not found");
    }
    if (e instanceof SourceJobNotCompletedException source) {
      String reason = "must name a COMPLETED job with a video; that job is " + source.status();
      return new ApiException(ApiStatus.FAILED_PRECONDITION, source.field() + " " + reason,
          List.of(new FieldViolation(source.field(), reason)), Map.of());
    }
    if (e instanceof JobAlreadyTerminalException) {
      return new ApiException(ApiStatus.FAILED_PRECONDITION, "The job has already finished and cannot be canceled");
    }
    if (e instanceof IllegalTransitionException t) {
      log.warning("transition refused", "transition", t.transition(), "stage", t.current());
      return new ApiException(ApiStatus.FAILED_PRECONDITION, "The job changed state meanwhile; read it again");
    }
    if (e instanceof RetryableFailure retryable) {
      Duration retryAfter = retryable.retryAfter().orElse(transientRetryAfter);
      log.warning("transient failure", "error", e.getMessage(), "retry_after", retryAfter.toString());
      return new ApiException(ApiStatus.UNAVAILABLE, "The service is briefly unavailable; retry after Retry-After")
          .retryAfter(retryAfter);
    }
    log.error("unexpected failure", e);
    return new ApiException(ApiStatus.INTERNAL, "Internal error");
  }

  static ApiException invalid(List<FieldViolation> violations) {
    if (violations.isEmpty()) {
      return new ApiException(ApiStatus.INVALID_ARGUMENT, "The request is invalid");
    }
    FieldViolation first = violations.get(0);
    String message = first.field() + " " + first.reason()
        + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more problems)" : "");
    return new ApiException(ApiStatus.INVALID_ARGUMENT, message, violations, Map.of());
  }

  private static void logAccess(Call call, int status, Duration latency) {
    HttpRequest request = call.request();
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("requestMethod", request.getMethod());
    http.put("requestUrl", request.getPath());
    http.put("status", status);
    http.put("latency", String.format(Locale.ROOT, "%.3fs", latency.toNanos() / 1e9));
    request.getFirstHeader("User-Agent").ifPresent(ua -> http.put("userAgent", ua));
    Severity severity = status >= 500 ? (status == 503 ? Severity.WARNING : Severity.ERROR)
        : status >= 400 ? Severity.NOTICE : Severity.INFO;
    call.log().log(severity, request.getMethod() + " " + request.getPath() + " " + status, null,
        "httpRequest", http);
  }
}
