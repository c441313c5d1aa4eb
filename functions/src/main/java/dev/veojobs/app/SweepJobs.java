package dev.veojobs.app;

import java.time.Clock;

/** Stand-in (replaced on merge): only the signature the HTTP layer calls is real. */
public class SweepJobs {
  public SweepJobs(JobStore store, TaskQueue tasks, PipelineSettings settings, Clock clock) {}

  public SweepReport sweep() {
    throw new UnsupportedOperationException("stand-in for the use case");
  }
}
