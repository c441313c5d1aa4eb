package dev.veojobs.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished video of a job (a job has one per sample): where it is kept ({@code gcsUri}, never
 * shown to callers) and the signed URL made for it when the job completed, with its expiry. The
 * API signs again on read when that URL is near its expiry.
 */
public record StoredVideo(String gcsUri, String url, Instant urlExpiresAt) {
  public StoredVideo {
    Objects.requireNonNull(gcsUri, "gcs uri");
  }
}
