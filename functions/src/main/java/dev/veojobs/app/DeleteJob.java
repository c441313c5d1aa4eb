package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.security.upload.UploadPaths;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code DELETE /v1/jobs/{id}}: the owner removes a job and everything kept for it.
 *
 * <p>The order is what makes a crash harmless and a retry finish the work:
 * <ol>
 *   <li>the deletion is remembered ({@code deleted_jobs/{id}}), so a repeated DELETE answers 204;
 *   <li>a live job is canceled through {@link CancelJob}, the same transition as
 *       {@code :cancel}: the in-flight counters, the outbox webhook and every later task see a
 *       CANCELED job and stop, so no further Veo call is made for it;
 *   <li>the objects go: final videos, Veo's raw output, the caller's own input upload;
 *   <li>the documents go, the job document last ({@link JobRecords#purge}).
 * </ol>
 * Until the job document is gone a retry finds it and repeats every step (each is idempotent);
 * once it is gone, nothing points at storage any more. Tasks and the sweeper treat a missing job
 * as finished, so nothing brings it back.
 */
public final class DeleteJob {
  private final JobStore store;
  private final JobRecords records;
  private final CancelJob cancel;
  private final BlobStore blobs;
  private final String bucket;
  private final Clock clock;

  public DeleteJob(JobStore store, JobRecords records, CancelJob cancel, BlobStore blobs,
      PipelineSettings settings, Clock clock) {
    this.store = store;
    this.records = records;
    this.cancel = cancel;
    this.blobs = blobs;
    this.bucket = settings.videoBucket();
    this.clock = clock;
  }

  /**
   * @throws JobNotFoundException when the id never named a job of this caller (404); a job this
   *     caller already deleted is not an error
   * @throws dev.veojobs.job.RetryableFailure when the store or storage is unavailable (503: retry)
   */
  public void delete(String ownerUid, String jobId) {
    Optional<Job> found = store.find(jobId);
    if (found.isEmpty()) {
      if (records.deletedJobOwner(jobId).filter(ownerUid::equals).isPresent()) {
        return;
      }
      throw new JobNotFoundException(jobId);
    }
    Job job = found.get();
    if (!job.ownerUid().equals(ownerUid)) {
      throw new JobNotFoundException(jobId);
    }
    records.markDeleted(job, clock.instant());
    if (!job.isTerminal()) {
      try {
        cancel.cancel(ownerUid, jobId);
      } catch (JobAlreadyTerminalException endedMeanwhile) {
        // The pipeline finished it first; a finalizer may have stored a video, removed below.
      }
    }
    deleteObjects(job);
    records.purge(job);
  }

  private void deleteObjects(Job job) {
    String videos = "videos/" + job.ownerUid() + "/" + job.id();
    for (String uri : blobs.list(bucket, videos)) {
      String objectName = ObjectNames.Location.parse(uri).objectName();
      // videos/{owner}/{id}.mp4 and any per-sample name after the id, never another id that starts with this one.
      if (objectName.length() == videos.length() || !Character.isLetterOrDigit(objectName.charAt(videos.length()))) {
        blobs.delete(bucket, objectName);
      }
    }
    for (String uri : blobs.list(bucket, "veo-output/" + job.id() + "/")) {
      blobs.delete(bucket, ObjectNames.Location.parse(uri).objectName());
    }
    ownUpload(job).ifPresent(objectName -> blobs.delete(bucket, objectName));
  }

  /** The input image, only when it is the caller's own upload in our bucket (never a shared object). */
  private Optional<String> ownUpload(Job job) {
    if (job.request() == null || job.request().image() == null) {
      return Optional.empty();
    }
    ObjectNames.Location image;
    try {
      image = ObjectNames.Location.parse(job.request().image().gcsUri());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    boolean own = image.bucket().equals(bucket)
        && image.objectName().startsWith(UploadPaths.userPrefix(job.ownerUid()));
    return own ? Optional.of(image.objectName()) : Optional.empty();
  }
}
