package dev.veojobs.job;

import java.time.Instant;

/**
 * A video-generation job as stored. Immutable: transitions return a new Job.
 *
 * <p>{@code attempt} is the fencing number of the start step: it grows each time the start is
 * claimed, and a delivery carrying an older attempt is stale. {@code pollCount} is the number of
 * the last poll scheduled, so poll task names stay deterministic.
 */
public record Job(
    String id,
    String ownerUid,
    JobStatus status,
    JobStage stage,
    JobRequest request,
    int attempt,
    Instant leaseUntil,
    String operationName,
    int pollCount,
    String rawVideoUri,
    String videoGcsUri,
    String videoUrl,
    Instant videoUrlExpiresAt,
    JobError error,
    String idempotencyKey,
    String requestFingerprint,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant completedAt,
    Instant deadlineAt) {

  /** 0–100, derived from the stage so it can never drift from it. */
  public int progress() {
    return switch (stage) {
      case QUEUED -> 0;
      case STARTING -> 10;
      case GENERATING -> 40;
      case FINALIZING -> 90;
      case DONE -> 100;
    };
  }
}
