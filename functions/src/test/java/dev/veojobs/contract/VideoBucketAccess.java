package dev.veojobs.contract;

import static dev.veojobs.config.FunctionName.JOBS_API;
import static dev.veojobs.config.FunctionName.JOB_FINALIZER;
import static dev.veojobs.config.FunctionName.JOB_WORKER;

import dev.veojobs.app.ObjectNames;
import dev.veojobs.config.FunctionName;
import dev.veojobs.security.upload.UploadPaths;
import java.util.List;

/**
 * What each function's code does in the video bucket, object prefix by object prefix: the storage
 * grants the IAM contract expects. The prefixes come from {@link ObjectNames}, the one place the
 * code names objects, so moving a prefix there moves the expected grant too.
 *
 * <p>Create is {@code roles/storage.objectCreator} (every write uses a does-not-exist precondition,
 * so nothing overwrites); read is {@code roles/storage.objectViewer}; only jobs-api deletes, through a
 * custom role with delete and list alone ({@code DELETE /v1/jobs/{id}}). Signing a V4 URL
 * needs the signer itself to hold what the URL allows.
 */
public record VideoBucketAccess(FunctionName function, String prefix, String role, String why) {

  public static final String CREATE = "roles/storage.objectCreator";
  public static final String READ = "roles/storage.objectViewer";
  /** The custom role in iam.tf holding storage.objects.delete and storage.objects.list, nothing else. */
  public static final String DELETE = "google_project_iam_custom_role.object_deleter.name";

  public static final String UPLOADS = topLevel(UploadPaths.userPrefix("uid"));
  public static final String RAW_OUTPUT = topLevel(ObjectNames.inlineSampleObject("job", 1));
  public static final String VIDEOS = topLevel(ObjectNames.videoObject("uid", "job"));

  public static final List<VideoBucketAccess> ALL = List.of(
      new VideoBucketAccess(JOBS_API, UPLOADS, CREATE, "Uploads signs PUT URLs for input images"),
      new VideoBucketAccess(JOBS_API, VIDEOS, READ, "JobViews signs fresh GET URLs for finished videos"),
      new VideoBucketAccess(JOBS_API, VIDEOS, DELETE, "DeleteJob lists and deletes the job's videos"),
      new VideoBucketAccess(JOBS_API, RAW_OUTPUT, DELETE, "DeleteJob lists and deletes Veo's output of the job"),
      new VideoBucketAccess(JOBS_API, UPLOADS, DELETE, "DeleteJob deletes the caller's own input image"),
      new VideoBucketAccess(JOB_WORKER, UPLOADS, READ, "StoredImageCheck reads an input image's size and type"),
      new VideoBucketAccess(JOB_WORKER, RAW_OUTPUT, CREATE, "PollGeneration stores video bytes Veo returned inline"),
      new VideoBucketAccess(JOB_WORKER, RAW_OUTPUT, READ,
          "StartGeneration lists an uncertain attempt's output prefix to adopt its orphan"),
      new VideoBucketAccess(JOB_FINALIZER, RAW_OUTPUT, READ, "FinalizeJob copies from Veo's output"),
      new VideoBucketAccess(JOB_FINALIZER, VIDEOS, CREATE, "FinalizeJob copies to videos/{owner}/{job}.mp4"),
      new VideoBucketAccess(JOB_FINALIZER, VIDEOS, READ, "FinalizeJob signs the video URL and checks a retried copy"));

  public static List<VideoBucketAccess> of(FunctionName function) {
    return ALL.stream().filter(access -> access.function() == function).toList();
  }

  private static String topLevel(String objectName) {
    return objectName.substring(0, objectName.indexOf('/') + 1);
  }
}
