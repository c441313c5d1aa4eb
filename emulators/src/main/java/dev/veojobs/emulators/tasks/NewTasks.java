package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.Task;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/** Checks a CreateTask request's task and fills in what the server decides, as production does. */
final class NewTasks {
  static final int MAX_TASK_BYTES = 1024 * 1024;
  static final Duration MIN_DISPATCH_DEADLINE = Duration.ofSeconds(15);
  static final Duration MAX_DISPATCH_DEADLINE = Duration.ofMinutes(30);
  static final Duration DEFAULT_DISPATCH_DEADLINE = Duration.ofMinutes(10);
  static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(30);
  static final String USER_AGENT = "Google-Cloud-Tasks";

  private NewTasks() {}

  /** The task as stored, named {@code name}; throws the API's error for anything production rejects. */
  static Task prepare(Task requested, String name, Instant now) {
    if (requested.hasAppEngineHttpRequest()) {
      throw ApiErrors.unimplemented(
          "CreateTask with app_engine_http_request is not supported by the Cloud Tasks emulator; use http_request.");
    }
    HttpRequest http = requested.getHttpRequest();
    if (http.getUrl().isEmpty()) {
      throw ApiErrors.invalid(ApiErrors.URL_REQUIRED);
    }
    String lowerUrl = http.getUrl().toLowerCase(Locale.ROOT);
    if (!lowerUrl.startsWith("http://") && !lowerUrl.startsWith("https://")) {
      throw ApiErrors.invalid(ApiErrors.URL_SCHEME);
    }
    if (http.hasOauthToken()) {
      throw ApiErrors.unimplemented(
          "CreateTask with http_request.oauth_token is not supported by the Cloud Tasks emulator; use oidc_token.");
    }
    if (http.hasOidcToken() && http.getOidcToken().getServiceAccountEmail().isEmpty()) {
      throw ApiErrors.invalid("OidcToken.serviceAccountEmail is required.");
    }
    Duration deadline = DEFAULT_DISPATCH_DEADLINE;
    if (requested.hasDispatchDeadline()) {
      Duration asked = ProtoTime.duration(requested.getDispatchDeadline());
      if (!asked.isZero()) {
        if (asked.compareTo(MIN_DISPATCH_DEADLINE) < 0 || asked.compareTo(MAX_DISPATCH_DEADLINE) > 0) {
          throw ApiErrors.invalid(ApiErrors.DISPATCH_DEADLINE_RANGE);
        }
        deadline = asked;
      }
    }
    Instant schedule = now;
    if (requested.hasScheduleTime()) {
      Instant asked = ProtoTime.instant(requested.getScheduleTime());
      if (asked.isAfter(now.plus(MAX_SCHEDULE_AHEAD))) {
        throw ApiErrors.scheduleTooFarAhead(asked);
      }
      if (asked.isAfter(now)) {
        schedule = asked;
      }
    }
    if (requested.getSerializedSize() > MAX_TASK_BYTES) {
      throw ApiErrors.invalid(ApiErrors.TASK_TOO_LARGE);
    }

    HttpRequest.Builder stored = http.toBuilder();
    if (http.getHttpMethod() == HttpMethod.HTTP_METHOD_UNSPECIFIED) {
      stored.setHttpMethod(HttpMethod.POST);
    }
    // Cloud Tasks replaces any caller-supplied User-Agent and shows its own in the stored task.
    for (Map.Entry<String, String> header : http.getHeadersMap().entrySet()) {
      if (header.getKey().equalsIgnoreCase("User-Agent")) {
        stored.removeHeaders(header.getKey());
      }
    }
    stored.putHeaders("User-Agent", USER_AGENT);

    return Task.newBuilder()
        .setName(name)
        .setHttpRequest(stored)
        .setScheduleTime(ProtoTime.timestamp(schedule))
        .setCreateTime(ProtoTime.timestamp(now.truncatedTo(ChronoUnit.SECONDS)))
        .setDispatchDeadline(ProtoTime.duration(deadline))
        .build();
  }
}
