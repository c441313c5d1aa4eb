package dev.veojobs.gcp;

import dev.veojobs.app.BlobStore;
import dev.veojobs.app.InputImageCheck;
import dev.veojobs.app.ObjectNames;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.ImageInput;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.JobError;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.security.upload.ImageUriPolicy;

/**
 * The worker's check of an input image before Veo sees it: the stored object's size and content type
 * (from object metadata) must fit {@link ImageUriPolicy#checkUploadedImage}. This is where the upload
 * size limit is enforced: the signed PUT URL binds only the content type (see the README, Security).
 */
public final class StoredImageCheck implements InputImageCheck {
  private final BlobStore blobs;
  private final ImageUriPolicy policy;

  public StoredImageCheck(BlobStore blobs, ImageUriPolicy policy) {
    this.blobs = blobs;
    this.policy = policy;
  }

  @Override
  public void check(ImageInput image) {
    ObjectNames.Location location;
    try {
      location = ObjectNames.Location.parse(image.gcsUri());
    } catch (IllegalArgumentException e) {
      throw rejected("The input image URI is not a Cloud Storage object.");
    }
    BlobStore.BlobInfo info = blobs.describe(location.bucket(), location.objectName());
    try {
      policy.checkUploadedImage(info == null ? null : info.size(), info == null ? null : info.contentType());
    } catch (InvalidRequestException e) {
      throw rejected("The input image is not acceptable: " + e.violations().get(0).reason() + ".");
    }
  }

  private static PermanentFailure rejected(String message) {
    return new PermanentFailure(new JobError(ErrorCode.INVALID_ARGUMENT, message), null);
  }
}
