package dev.veojobs.app;

import java.time.Clock;

/**
 * One job for its owner. Someone else's job is reported exactly like a missing one, so ids cannot
 * be probed. A completed job's URL is re-signed when it is about to expire (see {@link JobViews}),
 * which is what lets a browser come back hours later and still play the video.
 */
public final class GetJob {
  private final JobStore store;
  private final JobViews views;

  public GetJob(JobStore store, UrlSigner signer, PipelineSettings settings, Clock clock) {
    this.store = store;
    this.views = new JobViews(signer, settings, clock);
  }

  /**
   * @throws JobNotFoundException when there is no such job or it belongs to someone else (404)
   * @throws dev.veojobs.job.RetryableFailure when the store or the signer is unavailable (503)
   */
  public JobView get(String ownerUid, String jobId) {
    return store.find(jobId)
        .filter(job -> job.ownerUid().equals(ownerUid))
        .map(views::view)
        .orElseThrow(() -> new JobNotFoundException(jobId));
  }
}
