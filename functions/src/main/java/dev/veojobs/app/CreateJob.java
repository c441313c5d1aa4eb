package dev.veojobs.app;

import java.time.Clock;
import java.util.Map;

/** Stand-in (replaced on merge): only the signature the HTTP layer calls is real. */
public class CreateJob {
  public CreateJob(JobStore store, TaskQueue tasks, PipelineSettings settings, Clock clock) {}

  public CreateOutcome create(String ownerUid, Map<String, Object> body, String idempotencyKey) {
    throw new UnsupportedOperationException("stand-in for the use case");
  }
}
