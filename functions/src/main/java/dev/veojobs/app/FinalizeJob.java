package dev.veojobs.app;

import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import java.lang.System.Logger.Level;
import java.time.Clock;
import dev.veojobs.job.StoredVideo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The finalize step: copies Veo's output to {@code videos/{owner}/{id}.mp4}, signs a URL for it and
 * completes the job, with its event and usage, in one transaction.
 *
 * <p>Everything before the final transaction is idempotent (a server-side copy to a fixed name,
 * a signature), so a duplicate or retried delivery simply does it again and the transaction lets
 * only the first one complete the job. A canceled job is never finalized, even if the copy already
 * happened. The deadline is not checked here: once Veo has produced the video, finishing it is
 * cheaper than throwing it away (the sweeper still fails a job stuck here past its deadline).
 * Usage counts the job's seconds only here, every sample's, so failed and canceled jobs cost the user nothing.
 */
public final class FinalizeJob {
  private static final System.Logger LOG = System.getLogger(FinalizeJob.class.getName());

  private final JobStore store;
  private final BlobStore blobs;
  private final UrlSigner signer;
  private final PipelineSettings settings;
  private final Clock clock;

  public FinalizeJob(JobStore store, BlobStore blobs, UrlSigner signer, PipelineSettings settings, Clock clock) {
    this.store = store;
    this.blobs = blobs;
    this.signer = signer;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Runs the finalize task of the job.
   *
   * @throws RetryableFailure when storage, the signer or the store is briefly unavailable; run the task again
   */
  public StepResult handle(String jobId) {
    TaskJob found = TaskJob.find(store, jobId);
    if (!found.found()) {
      return found.answer();
    }
    Job job = found.job();
    if (job.isTerminal()) {
      return StepResult.ignored(Reason.JOB_TERMINAL, "job already " + job.status());
    }
    if (job.stage() != JobStage.FINALIZING) {
      return StepResult.ignored(Reason.WRONG_STAGE, "not finalizing");
    }

    List<StoredVideo> stored = new ArrayList<>();
    try {
      if (job.rawVideoUris().isEmpty()) {
        throw new PermanentFailure(JobErrors.finalizeFailed(), null);
      }
      // Every sample was paid for, so every sample is kept: sample i goes to videoObject(owner, id, i).
      for (int i = 0; i < job.rawVideoUris().size(); i++) {
        String objectName = ObjectNames.videoObject(job.ownerUid(), job.id(), i);
        String videoGcsUri = blobs.copy(job.rawVideoUris().get(i), settings.videoBucket(), objectName);
        SignedUrl url = signer.signGet(settings.videoBucket(), objectName, settings.signedUrlTtl());
        stored.add(new StoredVideo(videoGcsUri, url.url(), url.expiresAt()));
      }
    } catch (PermanentFailure e) {
      LOG.log(Level.WARNING, "job {0}: finalizing failed for good: {1}", job.id(), e.getMessage());
      return failFinalize(job);
    }

    Instant now = clock.instant();
    boolean completed = store.update(job.id(), current -> {
      if (current.isTerminal() || current.stage() != JobStage.FINALIZING) {
        return Decision.noChange(false);
      }
      Job done = current.complete(stored, now);
      UsageDelta usage = new UsageDelta(0, 1, done.secondsGenerated());
      return Decision.write(done, JobEvents.completed(done), true).withUsage(usage);
    });
    return completed ? StepResult.done("completed") : StepResult.ignored(Reason.MOVED_ON, "job ended while finalizing");
  }

  private StepResult failFinalize(Job job) {
    boolean failed = FailJob.failIfAt(store, job.id(), JobStage.FINALIZING, JobErrors.finalizeFailed(), clock.instant());
    return failed
        ? StepResult.done("failed: FINALIZE_FAILED")
        : StepResult.ignored(Reason.MOVED_ON, "job ended while finalizing");
  }
}
