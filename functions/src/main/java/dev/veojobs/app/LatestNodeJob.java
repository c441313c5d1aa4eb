package dev.veojobs.app;

import java.time.Clock;

/**
 * The newest job of one of the caller's nodes, so a page reloaded mid-generation can find the job
 * it was waiting for without having kept its id.
 */
public final class LatestNodeJob {
  private final JobStore store;
  private final JobViews views;

  public LatestNodeJob(JobStore store, UrlSigner signer, PipelineSettings settings, Clock clock) {
    this.store = store;
    this.views = new JobViews(signer, settings, clock);
  }

  /** @throws JobNotFoundException when the caller has no job for that node (404) */
  public JobView latest(String ownerUid, String nodeId) {
    return store.latestForNode(ownerUid, nodeId)
        .filter(job -> job.ownerUid().equals(ownerUid))
        .map(views::view)
        .orElseThrow(() -> new JobNotFoundException("latest of node " + nodeId));
  }
}
