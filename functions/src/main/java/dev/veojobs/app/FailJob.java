package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobStage;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Ends a job FAILED in one transaction, but only while it is still where the caller found it: a
 * job that was canceled or moved on in the meantime is left alone.
 */
final class FailJob {
  private FailJob() {}

  /** Returns true when this call failed the job. */
  static boolean failIf(JobStore store, String jobId, Predicate<Job> stillApplies, JobError error, Instant now) {
    return store.update(jobId, job -> {
      if (job.isTerminal() || !stillApplies.test(job)) {
        return Decision.noChange(false);
      }
      return Decision.write(job.fail(error, now), JobEvents.failed(job, error, now), true);
    });
  }

  static boolean failIfAt(JobStore store, String jobId, JobStage stage, JobError error, Instant now) {
    return failIf(store, jobId, job -> job.stage() == stage, error, now);
  }
}
