package dev.veojobs.app;

import java.time.Clock;

/** Stand-in (replaced on merge): only the signature the HTTP layer calls is real. */
public class ListJobs {
  public ListJobs(JobStore store, UrlSigner signer, PipelineSettings settings, Clock clock) {}

  public JobViewPage list(JobQuery query) {
    throw new UnsupportedOperationException("stand-in for the use case");
  }
}
