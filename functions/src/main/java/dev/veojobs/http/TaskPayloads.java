package dev.veojobs.http;

import com.google.cloud.functions.HttpRequest;
import dev.veojobs.app.TaskPayload;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a task body, {@code {"job_id":"…","step":"start|poll|finalize","attempt":1,"poll":0}}, the
 * shape the Cloud Tasks adapter sends. The four fields are required; unknown fields are ignored
 * so a newer sender does not break an older receiver.
 */
final class TaskPayloads {
  static final int MAX_JOB_ID_LENGTH = 128;

  private TaskPayloads() {}

  static TaskPayload read(HttpRequest request) {
    return parse(RequestBodies.jsonObject(request));
  }

  static TaskPayload parse(Map<String, Object> body) {
    if (!(body.get("job_id") instanceof String jobId) || jobId.isBlank() || jobId.length() > MAX_JOB_ID_LENGTH) {
      throw ApiException.invalidField("job_id", "must be a non-empty string of at most " + MAX_JOB_ID_LENGTH
          + " characters");
    }
    TaskPayload.Step step = step(body.get("step"));
    return new TaskPayload(jobId, step, count(body, "attempt"), count(body, "poll"));
  }

  private static TaskPayload.Step step(Object value) {
    if (value instanceof String s) {
      for (TaskPayload.Step step : TaskPayload.Step.values()) {
        if (step.name().toLowerCase(Locale.ROOT).equals(s)) {
          return step;
        }
      }
    }
    throw ApiException.invalidField("step", "must be one of start, poll, finalize");
  }

  private static int count(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0
        && ((Number) value).longValue() <= Integer.MAX_VALUE) {
      return ((Number) value).intValue();
    }
    throw ApiException.invalidField(field, "must be a whole number >= 0");
  }
}
