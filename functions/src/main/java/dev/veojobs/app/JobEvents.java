package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import java.time.Instant;
import java.util.Map;

/**
 * The events the use cases append. Values are strings and integers only (times as ISO-8601
 * strings), so any store can keep them without a type mapping.
 */
final class JobEvents {
  static final String COMPLETED = "job.completed";
  static final String FAILED = "job.failed";

  private JobEvents() {}

  static JobEvent started(Job claimed) {
    return new JobEvent("job.started", Map.of(
        "attempt", claimed.attempt(),
        "model", claimed.request().model()));
  }

  /** The attempt may have reached Veo without its operation being recorded. */
  static JobEvent startUncertain(Job uncertain, String reason) {
    return new JobEvent("job.start_uncertain", Map.of(
        "attempt", uncertain.attempt(),
        "reason", reason,
        "watch_until", uncertain.reconcileUntil().toString()));
  }

  /** The uncertain attempt's output appeared and the job finishes from it. */
  static JobEvent orphanAdopted(Job adopted, String rawVideoUri) {
    return new JobEvent("job.orphan_adopted", Map.of(
        "attempt", adopted.attempt(),
        "raw_video_uri", rawVideoUri));
  }

  static JobEvent completed(Job done) {
    return new JobEvent(COMPLETED, Map.of(
        "video_gcs_uri", done.videoGcsUri(),
        "videos", done.videos().size(),
        "duration_seconds", done.request().videoSeconds(),
        "seconds_generated", done.secondsGenerated(),
        "attempts", done.attempt()));
  }

  /** Carries the stage the job was in when it failed, not DONE. */
  static JobEvent failed(Job before, JobError error, Instant at) {
    return new JobEvent(FAILED, Map.of(
        "code", error.code().name(),
        "message", error.message(),
        "stage", before.stage().name(),
        "attempts", before.attempt(),
        "failed_at", at.toString()));
  }

  static JobEvent canceled(Job before, Instant at) {
    return new JobEvent("job.canceled", Map.of(
        "stage", before.stage().name(),
        "attempts", before.attempt(),
        "canceled_at", at.toString()));
  }
}
