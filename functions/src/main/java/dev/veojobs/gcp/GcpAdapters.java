package dev.veojobs.gcp;

import dev.veojobs.app.BlobStore;
import dev.veojobs.app.JobStore;
import dev.veojobs.app.TaskQueue;
import dev.veojobs.app.UrlSigner;
import dev.veojobs.app.VideoModel;
import dev.veojobs.config.Config;
import dev.veojobs.http.Adapters;
import java.time.Clock;

/**
 * Placeholder on the core-http branch so the functions compile before the GCP adapters are
 * merged; the merge replaces this file with the real wiring of Firestore, Cloud Tasks, Cloud
 * Storage and Veo built from {@link Config}. Until then a function started for real fails fast.
 */
public final class GcpAdapters implements Adapters {
  private static final String NOT_WIRED = "GCP adapters are wired in dev.veojobs.gcp.GcpAdapters";

  public GcpAdapters(Config config) {
    throw new IllegalStateException(NOT_WIRED);
  }

  @Override
  public JobStore jobStore() {
    throw new IllegalStateException(NOT_WIRED);
  }

  @Override
  public TaskQueue taskQueue() {
    throw new IllegalStateException(NOT_WIRED);
  }

  @Override
  public VideoModel videoModel() {
    throw new IllegalStateException(NOT_WIRED);
  }

  @Override
  public BlobStore blobStore() {
    throw new IllegalStateException(NOT_WIRED);
  }

  @Override
  public UrlSigner urlSigner() {
    throw new IllegalStateException(NOT_WIRED);
  }

  @Override
  public Clock clock() {
    throw new IllegalStateException(NOT_WIRED);
  }
}
