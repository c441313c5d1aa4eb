package dev.veojobs.app;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Shared values for the use-case tests. */
final class Fixtures {
  private Fixtures() {}

  static final Instant T0 = TestJobs.T0;
  static final String BUCKET = TestJobs.BUCKET;
  static final String OWNER = TestJobs.OWNER;
  static final String OTHER_OWNER = "uid-bob";
  static final String OPERATION = TestJobs.OPERATION;

  static PipelineSettings settings() {
    return settings(AdmissionLimits.NONE);
  }

  static PipelineSettings settings(AdmissionLimits limits) {
    return new PipelineSettings(BUCKET, TestJobs.DEADLINE, Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(30), TestJobs.LEASE, Duration.ofMinutes(5), Duration.ofHours(1), limits, false);
  }

  static EmulatorClock clock() {
    return EmulatorClock.manual(T0);
  }

  static JobRequest request() {
    return TestJobs.request();
  }

  static Map<String, Object> body() {
    return Map.of("prompt", "a cat surfing a wave at sunset", "node_id", "node-1");
  }

  static TaskPayload poll(String id, int attempt, int poll) {
    return new TaskPayload(id, TaskPayload.Step.POLL, attempt, poll);
  }
}
