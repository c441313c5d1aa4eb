package dev.veojobs.security.upload;

import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Plans {@code POST /v1/uploads}: a PNG or JPEG of bounded size, written to a fresh random object under
 * the caller's own prefix. The server only ever hands out a signed PUT URL for that object; it never
 * fetches a URL a user supplied.
 */
public final class UploadPolicy {
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
  /** Request fields of {@code POST /v1/uploads} this policy validates. */
  public static final String CONTENT_TYPE_FIELD = "content_type";
  public static final String SIZE_FIELD = "size_bytes";

  private final String bucket;
  private final long maxBytes;
  private final SecureRandom random;

  public UploadPolicy(String bucket, long maxBytes, SecureRandom random) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.bucket = bucket;
    this.maxBytes = maxBytes;
    this.random = random;
  }

  public UploadPolicy(String bucket, long maxBytes) {
    this(bucket, maxBytes, new SecureRandom());
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * The slot for an upload by {@code uid}; {@code declaredSize} may be null (the signed URL still
   * bounds it). Throws {@link InvalidRequestException} naming every bad field.
   */
  public UploadSlot plan(String uid, String contentType, Long declaredSize) {
    List<FieldViolation> violations = new ArrayList<>();
    Optional<String> type = ImageTypes.accepted(contentType);
    if (type.isEmpty()) {
      violations.add(new FieldViolation(CONTENT_TYPE_FIELD, "must be " + ImageTypes.describe()));
    }
    if (declaredSize != null && (declaredSize <= 0 || declaredSize > maxBytes)) {
      violations.add(new FieldViolation(SIZE_FIELD, "must be between 1 and " + maxBytes + " bytes"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    String objectName = UploadPaths.userPrefix(uid) + HexFormat.of().formatHex(id) + "." + ImageTypes.extension(type.get());
    return new UploadSlot(bucket, objectName, type.get(), maxBytes);
  }
}
