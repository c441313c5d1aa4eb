package dev.veojobs.log;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every structured operations event the functions log, with the fields each carries: the catalogue
 * that Terraform's log-based metrics, alerts and dashboard are written against. A line is emitted
 * only through {@link OpsEventLog}, which refuses a field the event does not declare, and a
 * contract test checks every metric filter against this list, so a renamed event or field fails
 * the build instead of silently flat-lining a chart.
 *
 * <p>On the line, {@code event} holds {@link #eventName()}; the fields sit beside it at the top of
 * Cloud Logging's {@code jsonPayload}. A field with a fixed set of values lists them ({@link
 * Field#values()}); a filter may only compare it with one of those.
 */
public enum OpsEvent {
  /** jobs-api wrote a new job. */
  JOB_CREATED("job.created", Field.of("job_id"), Field.of("model")),
  /** A start claimed the job (attempt n) and is about to call Veo. */
  JOB_STARTED("job.started", Field.of("job_id"), Field.of("model"), Field.of("attempt")),
  /** The finalizer stored and signed the video; {@code time_to_video_seconds} runs from creation. */
  JOB_COMPLETED("job.completed", Field.of("job_id"), Field.of("model"), Field.of("attempts"),
      Field.of("time_to_video_seconds")),
  /** The job ended FAILED; {@code error_code} is an ErrorCode name, {@code stage} where it stopped. */
  JOB_FAILED("job.failed", Field.of("job_id"), Field.of("model"), Field.of("error_code"), Field.of("stage"),
      Field.of("attempts")),
  JOB_CANCELED("job.canceled", Field.of("job_id"), Field.of("model"), Field.of("stage")),
  /** A start could not tell whether Veo accepted the request (wired by the reliability work, issue 9). */
  JOB_START_UNCERTAIN("job.start_uncertain", Field.of("job_id"), Field.of("attempt")),
  /** A Veo operation no job pointed at was adopted by its job (wired by the reliability work, issue 9). */
  JOB_ORPHAN_ADOPTED("job.orphan_adopted", Field.of("job_id"), Field.of("attempt")),
  /** One call to Veo: the costly start or a poll of its operation. */
  VEO_CALL("veo.call", Field.of("job_id"), Field.of("call", "start", "poll"), Field.of("model"),
      Field.of("outcome", "ok", "rate_limited", "retryable", "rejected", "unknown"), Field.of("http_status"),
      Field.of("latency_ms")),
  /** One sweep finished; counts of what it did. */
  SWEEP_DONE("sweep.done", Field.of("examined"), Field.of("failed_deadline"), Field.of("redriven"),
      Field.of("skipped"), Field.of("errors"), Field.of("unreadable")),
  /** The sweeper gave a stalled job a new task (one line per job; wired by the reliability work, issue 9). */
  SWEEP_REDRIVEN("sweep.redriven", Field.of("job_id"), Field.of("stage"));

  /** The JSON key that holds the event name. */
  public static final String EVENT_KEY = "event";

  /** A field of an event; {@code values} is empty when any value may appear. */
  public record Field(String name, Set<String> values) {
    static Field of(String name, String... values) {
      return new Field(name, Set.of(values));
    }
  }

  private final String eventName;
  private final Map<String, Field> fields;

  OpsEvent(String eventName, Field... fields) {
    this.eventName = eventName;
    Map<String, Field> byName = new LinkedHashMap<>();
    for (Field field : fields) {
      byName.put(field.name(), field);
    }
    this.fields = Map.copyOf(byName);
  }

  public String eventName() {
    return eventName;
  }

  public Map<String, Field> fields() {
    return fields;
  }

  public static List<OpsEvent> named(String eventName) {
    return java.util.Arrays.stream(values()).filter(e -> e.eventName.equals(eventName)).toList();
  }
}
