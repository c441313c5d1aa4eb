package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.util.List;

/**
 * Jobs a sweep query found, and how many of the documents it matched could not be read as jobs
 * (a corrupt or foreign document). The sweep counts and logs those and goes on with the rest.
 */
public record SweepBatch(List<Job> jobs, int unreadable) {
  public SweepBatch {
    jobs = List.copyOf(jobs);
    if (unreadable < 0) {
      throw new IllegalArgumentException("unreadable cannot be negative");
    }
  }

  public static SweepBatch of(List<Job> jobs) {
    return new SweepBatch(jobs, 0);
  }
}
