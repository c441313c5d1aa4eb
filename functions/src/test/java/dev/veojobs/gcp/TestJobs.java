package dev.veojobs.gcp;

import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.VideoParameters;
import java.time.Instant;

/** Jobs for store tests, built the way the use cases build them. */
final class TestJobs {
  static final VideoParameters PARAMETERS =
      new VideoParameters(8, "16:9", "720p", 1, 42L, false, "allow_adult", true);

  private TestJobs() {}

  static Job pending(String id, String owner, String nodeId) {
    return pending(id, owner, nodeId, null, "fp-" + id);
  }

  static Job pending(String id, String owner, String nodeId, String idempotencyKey, String fingerprint) {
    JobRequest request = new JobRequest("a cat surfing " + id, "blurry", "veo-3.1-fast-generate-001", null,
        PARAMETERS, nodeId, "project-1", null);
    // created_at/updated_at here are what a careless caller might pass; the store stamps server time.
    Instant bogus = Instant.parse("2000-01-01T00:00:00Z");
    return new Job(id, owner, JobStatus.PENDING, JobStage.QUEUED, request, 0, null, null, 0, null, null, null,
        null, null, idempotencyKey, fingerprint, bogus, bogus, null, null, Instant.parse("2030-01-01T00:00:00Z"));
  }

  static Job processing(Job j, int pollCount) {
    return new Job(j.id(), j.ownerUid(), JobStatus.PROCESSING, JobStage.GENERATING, j.request(), j.attempt() + 1,
        j.leaseUntil(), "projects/p/locations/l/publishers/google/models/m/operations/" + j.id(), pollCount,
        j.rawVideoUri(), j.videoGcsUri(), j.videoUrl(), j.videoUrlExpiresAt(), j.error(), j.idempotencyKey(),
        j.requestFingerprint(), j.createdAt(), j.updatedAt(), j.startedAt() == null ? Instant.parse("2026-03-01T10:00:05Z")
        : j.startedAt(), j.completedAt(), j.deadlineAt());
  }

  static Job completed(Job j, String videoUrl) {
    return new Job(j.id(), j.ownerUid(), JobStatus.COMPLETED, JobStage.DONE, j.request(), j.attempt(),
        j.leaseUntil(), j.operationName(), j.pollCount(), "gs://b/veo-output/" + j.id() + "/1/sample_0.mp4",
        "gs://b/videos/" + j.ownerUid() + "/" + j.id() + ".mp4", videoUrl, Instant.parse("2026-03-01T11:00:00Z"),
        null, j.idempotencyKey(), j.requestFingerprint(), j.createdAt(), j.updatedAt(), j.startedAt(),
        Instant.parse("2026-03-01T10:05:00Z"), j.deadlineAt());
  }

  static Job failed(Job j, ErrorCode code, String message) {
    return new Job(j.id(), j.ownerUid(), JobStatus.FAILED, JobStage.DONE, j.request(), j.attempt(),
        j.leaseUntil(), j.operationName(), j.pollCount(), j.rawVideoUri(), j.videoGcsUri(), j.videoUrl(),
        j.videoUrlExpiresAt(), new JobError(code, message), j.idempotencyKey(), j.requestFingerprint(),
        j.createdAt(), j.updatedAt(), j.startedAt(), Instant.parse("2026-03-01T10:05:00Z"), j.deadlineAt());
  }
}
