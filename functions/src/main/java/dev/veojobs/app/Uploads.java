package dev.veojobs.app;

import dev.veojobs.app.SignedUrl;
import dev.veojobs.app.UrlSigner;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.security.upload.UploadPolicy;
import dev.veojobs.security.upload.UploadSlot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/uploads}: plans an input-image upload under the caller's own prefix and hands
 * back a V4 signed PUT URL for it. The server never fetches anything a user names.
 *
 * <p>The URL binds the object name and the exact Content-Type. It does not bind
 * {@code x-goog-content-length-range}: the web page (and most browser code) sends only
 * Content-Type, and a signed header it omits would make every upload fail. The size limit is
 * enforced where it matters, on the stored object before Veo reads it (the worker's {@link InputImageCheck}),
 * and the declared {@code size_bytes} is checked here so honest clients learn the limit early.
 */
public final class Uploads {
  static final Set<String> FIELDS = Set.of(UploadPolicy.CONTENT_TYPE_FIELD, UploadPolicy.SIZE_FIELD);

  private final UploadPolicy policy;
  private final UrlSigner signer;
  private final Duration ttl;

  public Uploads(UploadPolicy policy, UrlSigner signer, Duration ttl) {
    this.policy = policy;
    this.signer = signer;
    this.ttl = ttl;
  }

  /** The answer: where to PUT, which headers to send with it, and the gs:// URI to name in the job. */
  public record UploadTicket(String uploadUrl, String gcsUri, String expiresAt, Map<String, String> headers,
      long maxBytes) {}

  public UploadTicket create(String uid, Map<String, Object> body) {
    List<FieldViolation> violations = new ArrayList<>();
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        violations.add(new FieldViolation(field, "is not a known field"));
      }
    }
    Object type = body.get(UploadPolicy.CONTENT_TYPE_FIELD);
    if (!(type instanceof String)) {
      violations.add(new FieldViolation(UploadPolicy.CONTENT_TYPE_FIELD, "must be image/png or image/jpeg"));
    }
    Object size = body.get(UploadPolicy.SIZE_FIELD);
    if (size != null && !(size instanceof Integer || size instanceof Long)) {
      violations.add(new FieldViolation(UploadPolicy.SIZE_FIELD, "must be a whole number of bytes"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    UploadSlot slot = policy.plan(uid, (String) type, size == null ? null : ((Number) size).longValue());
    SignedUrl url = signer.signPut(slot.bucket(), slot.objectName(), slot.contentType(), ttl);
    return new UploadTicket(url.url(), slot.gcsUri(), url.expiresAt().toString(),
        Map.of("Content-Type", slot.contentType()), slot.maxBytes());
  }
}
