package dev.veojobs.security.upload;

import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accepts an input image only as a {@code gs://} URI of an object {@link UploadPolicy} could have made
 * for this caller: {@code gs://{bucket}/uploads/{uid}/{hex}.{png|jpg}}. Anything else (another bucket,
 * another user's prefix, "..", a different shape) is a 400 naming {@code image.gcs_uri}; before Veo
 * sees the image, {@link #checkUploadedImage} re-checks what is actually stored.
 */
public final class ImageUriPolicy {
  public static final String GCS_URI_FIELD = "image.gcs_uri";
  public static final String MIME_TYPE_FIELD = "image.mime_type";
  /** What the API answers for an image that is not the caller's own upload (bucket, prefix and name alike). */
  public static final String NOT_AN_UPLOAD = "must be an image uploaded through /v1/uploads";
  private static final Pattern OBJECT_LEAF = Pattern.compile("([0-9a-f]{32})\\.(png|jpg)");

  private final String bucket;
  private final long maxBytes;

  public ImageUriPolicy(String bucket, long maxBytes) {
    this.bucket = bucket;
    this.maxBytes = maxBytes;
  }

  /** Every problem with the image fields of a create request by {@code uid} (empty when acceptable). */
  public List<FieldViolation> violations(String uid, String gcsUri, String mimeType) {
    return violations(uid, gcsUri, mimeType, "image");
  }

  /**
   * The same checks for any input image of a request: {@code field} is its JSON path
   * ({@code image}, {@code last_frame}, {@code reference_images[1]}), which the violations name.
   */
  public List<FieldViolation> violations(String uid, String gcsUri, String mimeType, String field) {
    List<FieldViolation> violations = new ArrayList<>();
    Optional<String> leafType = leafType(uid, gcsUri);
    if (leafType.isEmpty()) {
      violations.add(new FieldViolation(field + ".gcs_uri", NOT_AN_UPLOAD));
    }
    if (mimeType != null) {
      Optional<String> declared = ImageTypes.accepted(mimeType);
      if (declared.isEmpty()) {
        violations.add(new FieldViolation(field + ".mime_type", "must be " + ImageTypes.describe()));
      } else if (leafType.isPresent() && !declared.equals(leafType)) {
        violations.add(new FieldViolation(field + ".mime_type", "does not match the uploaded file type " + leafType.get()));
      }
    }
    return violations;
  }

  /** The object name inside the bucket for an accepted URI; {@link InvalidRequestException} otherwise. */
  public String objectName(String uid, String gcsUri) {
    List<FieldViolation> violations = violations(uid, gcsUri, null);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    return gcsUri.substring(("gs://" + bucket + "/").length());
  }

  /**
   * The stored object's size and type, checked before Veo reads it (a signed PUT can still be bypassed
   * by whoever holds bucket write access). Pass what the storage port's describe answers; a null
   * {@code sizeBytes} means the object does not exist. Takes plain values so this package does not
   * depend on the app layer that calls it.
   */
  public void checkUploadedImage(Long sizeBytes, String contentType) {
    if (sizeBytes == null) {
      throw new InvalidRequestException(GCS_URI_FIELD, "no uploaded image at this URI");
    }
    if (sizeBytes <= 0 || sizeBytes > maxBytes) {
      throw new InvalidRequestException(GCS_URI_FIELD, "uploaded image must be between 1 and " + maxBytes + " bytes");
    }
    if (ImageTypes.accepted(contentType).isEmpty()) {
      throw new InvalidRequestException(GCS_URI_FIELD, "uploaded image must be " + ImageTypes.describe());
    }
  }

  private Optional<String> leafType(String uid, String gcsUri) {
    if (gcsUri == null) {
      return Optional.empty();
    }
    String prefix = "gs://" + bucket + "/" + UploadPaths.userPrefix(uid);
    if (!gcsUri.startsWith(prefix)) {
      return Optional.empty();
    }
    Matcher leaf = OBJECT_LEAF.matcher(gcsUri.substring(prefix.length()));
    if (!leaf.matches()) {
      return Optional.empty();
    }
    return ImageTypes.typeOfExtension(leaf.group(2));
  }
}
