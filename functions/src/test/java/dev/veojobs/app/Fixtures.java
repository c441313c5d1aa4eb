package dev.veojobs.app;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobRequestParser;
import dev.veojobs.job.VeoLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Shared values for the use-case tests. */
final class Fixtures {
  private Fixtures() {}

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final String BUCKET = "veo-jobs-videos";
  static final String OWNER = "uid-alice";
  static final String OTHER_OWNER = "uid-bob";
  static final String OPERATION = "projects/p/locations/us-central1/publishers/google/models/m/operations/op-1";

  static PipelineSettings settings() {
    return settings(AdmissionLimits.NONE);
  }

  static PipelineSettings settings(AdmissionLimits limits) {
    return new PipelineSettings(BUCKET, Duration.ofMinutes(20), Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofHours(1), limits);
  }

  static EmulatorClock clock() {
    return EmulatorClock.manual(T0);
  }

  static JobRequest request() {
    return new JobRequest("a cat surfing a wave at sunset", null, VeoLimits.DEFAULT_MODEL, null,
        VeoLimits.defaultParameters(), "node-1", "project-1", null);
  }

  static Map<String, Object> body() {
    return Map.of("prompt", "a cat surfing a wave at sunset", "node_id", "node-1");
  }

  /** A new QUEUED job as CreateJob writes it. */
  static Job queued(String id, Instant now) {
    JobRequest request = request();
    return Job.newJob(id, OWNER, request, now, now.plus(settings().jobDeadline()), null,
        JobRequestParser.fingerprint(request));
  }

  static TaskPayload start(String id, int attempt) {
    return new TaskPayload(id, TaskPayload.Step.START, attempt, 0);
  }

  static TaskPayload poll(String id, int attempt, int poll) {
    return new TaskPayload(id, TaskPayload.Step.POLL, attempt, poll);
  }

  static TaskPayload finalizing(String id, int attempt) {
    return new TaskPayload(id, TaskPayload.Step.FINALIZE, attempt, 0);
  }
}
