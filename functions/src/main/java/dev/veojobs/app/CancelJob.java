package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobStatus;
import java.time.Clock;
import java.time.Instant;

/**
 * The owner stops a job. Canceling is a transition like any other, so it races safely with the
 * pipeline: whichever commits first wins, and the steps that come later see CANCELED and do nothing
 * (the poll chain stops, the finalizer never completes it). A Veo operation already running is not
 * stopped — Veo has no cancel — but its result is never used or billed to the user.
 *
 * <p>Canceling is idempotent: a job already CANCELED answers with the job again, so a cancel sent
 * again after its answer was lost, or rerun by Firestore after the commit's answer was lost, does
 * not tell the caller it failed.
 */
public final class CancelJob {
  private final JobStore store;
  private final JobViews views;
  private final Clock clock;

  public CancelJob(JobStore store, UrlSigner signer, PipelineSettings settings, Clock clock) {
    this.store = store;
    this.views = new JobViews(signer, settings, clock);
    this.clock = clock;
  }

  private enum Outcome { CANCELED, NOT_FOUND, ENDED_OTHERWISE }

  private record Result(Outcome outcome, Job job) {}

  /**
   * @throws JobNotFoundException when there is no such job or it belongs to someone else (404)
   * @throws JobAlreadyTerminalException when the job already COMPLETED or FAILED (409)
   */
  public JobView cancel(String ownerUid, String jobId) {
    Instant now = clock.instant();
    Result result = store.update(jobId, job -> {
      if (!job.ownerUid().equals(ownerUid)) {
        return Decision.noChange(new Result(Outcome.NOT_FOUND, null));
      }
      if (job.status() == JobStatus.CANCELED) {
        return Decision.noChange(new Result(Outcome.CANCELED, job));
      }
      if (job.isTerminal()) {
        return Decision.noChange(new Result(Outcome.ENDED_OTHERWISE, job));
      }
      Job canceled = job.cancel(now);
      return Decision.write(canceled, JobEvents.canceled(job, now), new Result(Outcome.CANCELED, canceled));
    });
    return switch (result.outcome()) {
      case NOT_FOUND -> throw new JobNotFoundException(jobId);
      case ENDED_OTHERWISE -> throw new JobAlreadyTerminalException(jobId, result.job().status());
      case CANCELED -> views.view(result.job());
    };
  }
}
