package dev.veojobs.http;

import dev.veojobs.app.JobView;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.VideoParameters;
import java.time.Instant;

/** Jobs in the shapes the API shows, for tests of the HTTP layer. */
public final class TestJobs {
  public static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
  public static final String SIGNED_URL = "https://storage.googleapis.com/veo-videos/videos/alice/j-1.mp4"
      + "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=3600&X-Goog-Signature=0a1b2c";

  private TestJobs() {}

  public static JobRequest request() {
    return new JobRequest("a cat surfing at sunset", null, "veo-3.1-fast-generate-001", null,
        new VideoParameters(8, "16:9", "720p", 1, 42L, false, "allow_adult", true),
        "node-7", "proj-1", null);
  }

  public static Job pending(String id) {
    return new Job(id, "alice", JobStatus.PENDING, JobStage.QUEUED, request(), 0, null, null, 0, null, null,
        null, null, null, "k-1", "fp", CREATED, CREATED, null, null, CREATED.plusSeconds(1200));
  }

  public static Job completed(String id) {
    return new Job(id, "alice", JobStatus.COMPLETED, JobStage.DONE, request(), 1, null, "operations/op-1", 3,
        "gs://veo-videos/veo-output/" + id + "/1/sample_0.mp4", "gs://veo-videos/videos/alice/" + id + ".mp4",
        "https://stale.example/old.mp4", CREATED.plusSeconds(60), null, null, "fp", CREATED,
        CREATED.plusSeconds(300), CREATED.plusSeconds(1), CREATED.plusSeconds(300), CREATED.plusSeconds(1200));
  }

  public static Job failed(String id) {
    return new Job(id, "alice", JobStatus.FAILED, JobStage.DONE, request(), 1, null, "operations/op-1", 2, null,
        null, null, null, new JobError(ErrorCode.SAFETY_FILTERED, "The video was blocked by the safety filter"),
        null, "fp", CREATED, CREATED.plusSeconds(200), CREATED.plusSeconds(1), CREATED.plusSeconds(200),
        CREATED.plusSeconds(1200));
  }

  public static Job canceled(String id) {
    return new Job(id, "alice", JobStatus.CANCELED, JobStage.DONE, request(), 0, null, null, 0, null, null,
        null, null, null, null, "fp", CREATED, CREATED.plusSeconds(5), null, CREATED.plusSeconds(5),
        CREATED.plusSeconds(1200));
  }

  /** A completed job with a freshly signed URL, as GetJob returns it. */
  public static JobView completedView(String id) {
    return new JobView(completed(id), SIGNED_URL, CREATED.plusSeconds(3900));
  }

  public static JobView view(Job job) {
    return new JobView(job, null, null);
  }
}
