package dev.veojobs.app;

import java.time.Clock;

/** Stand-in (replaced on merge): only the signature the HTTP layer calls is real. */
public class CancelJob {
  public CancelJob(JobStore store, UrlSigner signer, PipelineSettings settings, Clock clock) {}

  public JobView cancel(String ownerUid, String jobId) {
    throw new UnsupportedOperationException("stand-in for the use case");
  }
}
