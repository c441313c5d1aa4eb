package dev.veojobs.app;

import java.time.Clock;

/** Stand-in (replaced on merge): only the signature the HTTP layer calls is real. */
public class PollGeneration {
  public PollGeneration(JobStore store, TaskQueue tasks, VideoModel model, PipelineSettings settings, Clock clock) {}

  public StepResult handle(TaskPayload payload) {
    throw new UnsupportedOperationException("stand-in for the use case");
  }
}
