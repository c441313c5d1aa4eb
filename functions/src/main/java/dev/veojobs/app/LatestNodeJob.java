package dev.veojobs.app;

import java.time.Clock;

/** Stand-in (replaced on merge): only the signature the HTTP layer calls is real. */
public class LatestNodeJob {
  public LatestNodeJob(JobStore store, UrlSigner signer, PipelineSettings settings, Clock clock) {}

  public JobView latest(String ownerUid, String nodeId) {
    throw new UnsupportedOperationException("stand-in for the use case");
  }
}
